using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Util.Store;
using Nudge.Core.Abstractions;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Google.Apis.Auth's token store for one mailbox, backed by the engine's store: a refreshed token is merged into the
/// mailbox's <see cref="MailboxCredential"/>, encrypted and saved with <see cref="IEngineStore.UpdateMailboxCredentialAsync"/>.
/// </summary>
/// <remarks>
/// Deletes are ignored on purpose: Google's flow deletes the token when the endpoint answers <c>invalid_grant</c>
/// (GMAIL-FACTS §10.2), and we keep our own copy rather than lose what the mailbox was signed in with.
/// </remarks>
public sealed class MailboxCredentialDataStore : IDataStore
{
    private readonly long _mailboxId;
    private readonly MailboxCredential _credential;
    private readonly TokenProtector _protector;
    private readonly IEngineStore _store;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public MailboxCredentialDataStore(long mailboxId, MailboxCredential credential, TokenProtector protector, IEngineStore store)
    {
        _mailboxId = mailboxId;
        _credential = credential;
        _protector = protector;
        _store = store;
    }

    /// <summary>Whether this store wrote <paramref name="ciphertext"/>: a mailbox read back after a refresh is still ours.</summary>
    public bool Wrote(string? ciphertext)
    {
        lock (_written)
        {
            return ciphertext is not null && _written.Contains(ciphertext);
        }
    }

    public async Task StoreAsync<T>(string key, T value)
    {
        if (value is not TokenResponse token)
        {
            return;
        }

        string ciphertext;
        lock (_written)
        {
            _credential.SetToken(token);
            ciphertext = _protector.Protect(_credential.ToJson());
            _written.Add(ciphertext);
        }

        // Google's interface has no cancellation token; a lost write only costs a refresh after a restart. UserCredential
        // refreshes one at a time, so writes do not overtake each other.
        await _store.UpdateMailboxCredentialAsync(_mailboxId, ciphertext, CancellationToken.None);
    }

    public Task DeleteAsync<T>(string key) => Task.CompletedTask;

    public Task<T> GetAsync<T>(string key) => Task.FromResult(default(T)!);

    public Task ClearAsync() => Task.CompletedTask;

    public override string ToString() => $"{nameof(MailboxCredentialDataStore)} {{ MailboxId = {_mailboxId} }}";
}
