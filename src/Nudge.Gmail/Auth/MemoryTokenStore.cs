using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Util.Store;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Catches the token of a sign-in in memory, instead of Google's default <c>FileDataStore</c> (which would write it in
/// clear under <c>~/.config</c>); Nudge then stores it encrypted (the CLI's sign-ins, the dashboard's mailboxes page).
/// </summary>
public sealed class MemoryTokenStore : IDataStore
{
    /// <summary>The last token stored, if any.</summary>
    public TokenResponse? Token { get; private set; }

    public Task StoreAsync<T>(string key, T value)
    {
        if (value is TokenResponse token)
        {
            Token = token;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync<T>(string key) => Task.CompletedTask;

    // Nothing is known before the sign-in: always ask.
    public Task<T> GetAsync<T>(string key) => Task.FromResult(default(T)!);

    public Task ClearAsync() => Task.CompletedTask;

    public override string ToString() => nameof(MemoryTokenStore);
}
