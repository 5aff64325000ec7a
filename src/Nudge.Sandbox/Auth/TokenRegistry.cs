using System.Collections.Concurrent;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// The sandbox's OAuth bookkeeping: refresh tokens to mailboxes, and the access tokens the token endpoint minted,
/// which expire. A mailbox's own <see cref="MailboxState.AccessToken"/> is not here: it never expires.
/// </summary>
internal sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, RefreshGrant> _byRefreshToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessGrant> _minted = new(StringComparer.Ordinal);

    /// <summary>Registers the mailbox's own grant and the grants its user gave through the authorization-code flow.</summary>
    public void Register(MailboxState mailbox)
    {
        Register(mailbox, mailbox.Grant);
        foreach (var grant in mailbox.ConsentGrants)
        {
            Register(mailbox, grant);
        }
    }

    public void Register(MailboxState mailbox, OAuthGrant grant) => _byRefreshToken[grant.RefreshToken] = new RefreshGrant(mailbox, grant);

    public RefreshGrant? FindByRefreshToken(string refreshToken) => _byRefreshToken.GetValueOrDefault(refreshToken);

    /// <summary>Mints an access token; expired tokens are swept at the same time so the table stays small.</summary>
    public string Mint(MailboxState mailbox, IReadOnlySet<string> scopes, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        foreach (var (token, grant) in _minted)
        {
            if (grant.ExpiresAt <= now)
            {
                _minted.TryRemove(token, out _);
            }
        }

        var accessToken = "ya29.a0sandbox-" + Base64Url.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), pad: false);
        _minted[accessToken] = new AccessGrant(mailbox, scopes, expiresAt);
        return accessToken;
    }

    /// <summary>Finds a minted token that has not expired at <paramref name="now"/>.</summary>
    public AccessGrant? FindMinted(string accessToken, DateTimeOffset now) =>
        _minted.TryGetValue(accessToken, out var grant) && grant.ExpiresAt > now ? grant : null;

    /// <summary>Revoking a refresh token also revokes the access tokens minted from it, as Google does.</summary>
    public void RevokeMinted(MailboxState mailbox)
    {
        foreach (var (token, grant) in _minted)
        {
            if (ReferenceEquals(grant.Mailbox, mailbox))
            {
                _minted.TryRemove(token, out _);
            }
        }
    }
}
