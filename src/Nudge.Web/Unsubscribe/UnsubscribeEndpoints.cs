using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Unsubscribe;

namespace Nudge.Web.Unsubscribe;

/// <summary>
/// The target of the https URI in <c>List-Unsubscribe</c> (<see cref="UnsubscribeLinks.OneClickUrl"/>): RFC 8058
/// one-click unsubscribe, and a confirmation page for people who open the link in a browser.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>GET /unsubscribe/{token}</c>: 200 with a page asking "Stop emails to a***@example.com?" and a button that
/// POSTs to the same URL. A GET never unsubscribes: link scanners and previewers fetch links nobody clicked.</item>
/// <item><c>POST /unsubscribe/{token}</c>: unsubscribes (<see cref="Unsubscriber"/>) and answers 200 with a short page,
/// also when it was already done. This is the mailbox provider's RFC 8058 POST (body
/// <c>List-Unsubscribe=One-Click</c>, no cookies) as well as the page's button; the body is not read, and there is no
/// antiforgery token because the signed token in the URL is the credential.</item>
/// <item>A token that does not verify, or whose enrollment no longer exists: 404 with a page that says nothing more.</item>
/// </list>
/// Every answer forbids caching, framing, referrers, sniffing and loading anything (<c>Content-Security-Policy</c>).
/// </remarks>
public static class UnsubscribeEndpoints
{
    /// <summary>The <c>Content-Security-Policy</c> of the pages: inline style only, forms back to this site, no framing.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Maps the endpoints with a fixed key.</summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="unsubscriber">Carries out the POSTs.</param>
    /// <param name="key">The key the tokens are signed with (at least <see cref="UnsubscribeToken.MinimumKeyLength"/> bytes); copied.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is too short.</exception>
    public static RouteGroupBuilder MapUnsubscribe(this IEndpointRouteBuilder endpoints, Unsubscriber unsubscriber, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < UnsubscribeToken.MinimumKeyLength)
        {
            throw new ArgumentException($"The unsubscribe key must be at least {UnsubscribeToken.MinimumKeyLength} bytes; it has {key.Length}.",
                nameof(key));
        }

        var copy = key.ToArray();
        return endpoints.MapUnsubscribe(unsubscriber, _ => ValueTask.FromResult(copy));
    }

    /// <summary>
    /// Maps the endpoints with a key read when a request needs it, so that the app can start before the key is loaded
    /// from the store.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="unsubscriber">Carries out the POSTs.</param>
    /// <param name="keyProvider">
    /// Gives the key the tokens are signed with; called once per request, so it should cache the key itself if loading it
    /// is costly. A key shorter than <see cref="UnsubscribeToken.MinimumKeyLength"/> bytes fails the request (500).
    /// </param>
    public static RouteGroupBuilder MapUnsubscribe(this IEndpointRouteBuilder endpoints, Unsubscriber unsubscriber,
        Func<CancellationToken, ValueTask<byte[]>> keyProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(unsubscriber);
        ArgumentNullException.ThrowIfNull(keyProvider);

        var group = endpoints.MapGroup("/" + UnsubscribeLinks.PathSegment);
        group.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return await next(context);
        });

        group.MapGet("/{token}", async Task<ContentHttpResult> (string token, CancellationToken cancellationToken) =>
        {
            var key = await keyProvider(cancellationToken);
            if (!UnsubscribeToken.TryVerify(token, key, out var enrollmentId)
                || await unsubscriber.FindAddressAsync(enrollmentId, cancellationToken) is not { } address)
            {
                return NotFound();
            }

            return Html(UnsubscribePages.Confirm(address), StatusCodes.Status200OK);
        });

        group.MapPost("/{token}", async Task<ContentHttpResult> (string token, CancellationToken cancellationToken) =>
        {
            var key = await keyProvider(cancellationToken);
            if (!UnsubscribeToken.TryVerify(token, key, out var enrollmentId))
            {
                return NotFound();
            }

            var outcome = await unsubscriber.UnsubscribeAsync(enrollmentId, Unsubscriber.OneClickSource, cancellationToken);
            return outcome.Status == UnsubscribeStatus.NotFound
                ? NotFound()
                : Html(UnsubscribePages.Done(outcome.Address), StatusCodes.Status200OK);
        }).DisableAntiforgery();

        return group;
    }

    private static ContentHttpResult NotFound() => Html(UnsubscribePages.NotFound(), StatusCodes.Status404NotFound);

    private static ContentHttpResult Html(string html, int statusCode) =>
        TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
}
