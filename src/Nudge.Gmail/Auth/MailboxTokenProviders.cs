using System.Collections.Concurrent;
using Nudge.Core.Abstractions;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Picks and keeps the <see cref="IAccessTokenProvider"/> of each mailbox: a static token (the sandbox's), an OAuth
/// user credential, or a Workspace service account, decrypted from <see cref="Mailbox.CredentialCiphertext"/>.
/// </summary>
/// <remarks>
/// Providers are kept per mailbox so that an access token is reused until it is due for a refresh, across the
/// <see cref="Core.GmailApi.IGmailClient"/>s the worker makes. A mailbox whose stored credential changed for another
/// reason than our own refresh (signed in again) gets a new provider.
/// </remarks>
public sealed class MailboxTokenProviders(TokenProtector protector, IEngineStore store, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<long, Entry> _providers = new();

    public IAccessTokenProvider For(Mailbox mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        if (mailbox.CredentialCiphertext is not { } ciphertext)
        {
            return new StaticAccessTokenProvider(mailbox.AccessToken);
        }

        if (_providers.TryGetValue(mailbox.Id, out var known)
            && (string.Equals(known.Ciphertext, ciphertext, StringComparison.Ordinal) || known.DataStore?.Wrote(ciphertext) == true))
        {
            return known.Provider;
        }

        var entry = Create(mailbox, ciphertext);
        _providers[mailbox.Id] = entry;
        return entry.Provider;
    }

    private Entry Create(Mailbox mailbox, string ciphertext)
    {
        var credential = MailboxCredential.Parse(protector.Unprotect(ciphertext));
        var tokenUrl = mailbox.TokenUrl ?? Mailbox.GoogleTokenUrl;
        switch (credential.Type)
        {
            case MailboxCredential.AccessTokenType:
                return new Entry(ciphertext, new StaticAccessTokenProvider(credential.AccessToken ?? ""), null);
            case MailboxCredential.ServiceAccountType:
                return new Entry(ciphertext, new ServiceAccountTokenProvider(mailbox.Email, credential, tokenUrl, timeProvider), null);
            case MailboxCredential.OAuthUserType:
                var dataStore = new MailboxCredentialDataStore(mailbox.Id, credential, protector, store);
                return new Entry(ciphertext, new OAuthUserTokenProvider(mailbox.Email, credential, tokenUrl, dataStore, timeProvider), dataStore);
            default:
                throw new InvalidOperationException($"The stored credential of {mailbox.Email} has an unknown type '{credential.Type}'.");
        }
    }

    private sealed record Entry(string Ciphertext, IAccessTokenProvider Provider, MailboxCredentialDataStore? DataStore);
}
