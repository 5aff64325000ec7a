using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;
using Nudge.Gmail;
using Nudge.Gmail.Auth;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The Gmail clients the dashboard's pages call (a new mailbox's profile check, "send a test to me"): the host's
/// (<see cref="DashboardOptions.GmailClients"/>), or one factory of the dashboard's own that decrypts the stored
/// credentials with <see cref="DashboardOptions.CredentialProtector"/> when it has the key.
/// </summary>
public sealed class DashboardGmailClients : IDisposable
{
    private readonly GmailClientFactory? _own;

    /// <summary>Takes the host's clients, or makes the dashboard's own.</summary>
    public DashboardGmailClients(IEngineStore store, DashboardOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GmailClients is { } clients)
        {
            Clients = clients;
        }
        else
        {
            // A mailbox without a stored credential (a fresh sign-in's probe, a static sandbox token) needs no key.
            _own = new GmailClientFactory(
                options.CredentialProtector is { } protector ? new MailboxTokenProviders(protector, store, timeProvider) : null, timeProvider);
            Clients = _own;
        }

        CanUseStoredCredentials = options.GmailClients is not null || options.CredentialProtector is not null;
    }

    /// <summary>The clients.</summary>
    public IGmailClientFactory Clients { get; }

    /// <summary>Whether a connected mailbox's stored credential can be used (the host's clients, or the key).</summary>
    public bool CanUseStoredCredentials { get; }

    /// <inheritdoc/>
    public void Dispose() => _own?.Dispose();
}
