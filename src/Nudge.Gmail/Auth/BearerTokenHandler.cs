using System.Net.Http.Headers;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Puts <c>Authorization: Bearer …</c> on every request, from an <see cref="IAccessTokenProvider"/>. It never retries:
/// a replayed <c>messages.send</c> would be a duplicate mail.
/// </summary>
public sealed class BearerTokenHandler(IAccessTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAccessTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
