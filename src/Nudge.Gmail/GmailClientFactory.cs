using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;
using Nudge.Gmail.Auth;

namespace Nudge.Gmail;

/// <summary>
/// Makes a <see cref="GmailClient"/> per mailbox over one shared connection pool, each authenticated with its
/// mailbox's token: a static token, or (with <see cref="MailboxTokenProviders"/>) the mailbox's encrypted sign-in.
/// </summary>
/// <param name="tokenProviders">
/// Decrypts and refreshes signed-in mailboxes' credentials; without it only static-token (sandbox) mailboxes work.
/// </param>
/// <param name="timeProvider">
/// The clock a "Retry after &lt;time&gt;" is measured against when a response has no Date header; the system clock by default.
/// </param>
public sealed class GmailClientFactory(MailboxTokenProviders? tokenProviders = null, TimeProvider? timeProvider = null)
    : IGmailClientFactory, IDisposable
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
        ArgumentNullException.ThrowIfNull(mailbox);
        IAccessTokenProvider tokens = tokenProviders is not null ? tokenProviders.For(mailbox)
            : mailbox.CredentialCiphertext is null ? new StaticAccessTokenProvider(mailbox.AccessToken)
            : throw new InvalidOperationException(
                $"{mailbox.Email} signs in with an encrypted credential: make the GmailClientFactory with MailboxTokenProviders.");
        var handler = new BearerTokenHandler(tokens) { InnerHandler = _connections };
        var http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = new Uri(mailbox.ApiBaseUrl.EndsWith('/') ? mailbox.ApiBaseUrl : mailbox.ApiBaseUrl + "/"),
            Timeout = Timeout,
        };
        return new GmailClient(http, timeProvider);
    }

    public void Dispose() => _connections.Dispose();
}
