using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;
using Nudge.Gmail.Auth;

namespace Nudge.Gmail;

/// <summary>
/// Makes a <see cref="GmailClient"/> per mailbox over one shared connection pool, each authenticated with its
/// mailbox's token.
/// </summary>
public sealed class GmailClientFactory : IGmailClientFactory, IDisposable
{
    private readonly SocketsHttpHandler _connections = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // Google closes idle connections; a send on a half-closed one would fail ambiguously.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    /// <summary>How long one call may take before it is abandoned (a send then counts as ambiguous).</summary>
    /// <value>The default value is 100 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    public IGmailClient Create(Mailbox mailbox)
    {
        var handler = new BearerTokenHandler(new StaticAccessTokenProvider(mailbox.AccessToken)) { InnerHandler = _connections };
        var http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = new Uri(mailbox.ApiBaseUrl.EndsWith('/') ? mailbox.ApiBaseUrl : mailbox.ApiBaseUrl + "/"),
            Timeout = Timeout,
        };
        return new GmailClient(http);
    }

    public void Dispose() => _connections.Dispose();
}
