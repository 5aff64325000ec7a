using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Util.Store;
using Nudge.Core.Abstractions;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Access tokens for a mailbox signed in with OAuth (the installed-app flow, or a sandbox's refresh token), refreshed
/// by Google.Apis.Auth's <see cref="UserCredential"/> a few minutes before they expire on the engine's clock. Each new
/// token is encrypted and written back to the store.
/// </summary>
/// <remarks>
/// Google's flow deletes the token from its data store when the token endpoint answers <c>invalid_grant</c>
/// (GMAIL-FACTS §10.2). Our data store ignores that delete: the encrypted copy stays in the database, for the record,
/// and the mailbox is paused instead with <see cref="MailboxAuthorizationException"/>.
/// </remarks>
public sealed class OAuthUserTokenProvider : IAccessTokenProvider
{
    private readonly string _email;
    private readonly UserCredential _credential;

    /// <param name="email">The mailbox, for messages.</param>
    /// <param name="credential">The stored credential (client id and secret, refresh token, last access token).</param>
    /// <param name="tokenUrl">The token endpoint: Google's, or a sandbox's <c>/token</c>.</param>
    /// <param name="dataStore">Where refreshed tokens go; see <see cref="MailboxCredentialDataStore"/>.</param>
    /// <param name="timeProvider">The clock that decides when the token is due for a refresh.</param>
    public OAuthUserTokenProvider(string email, MailboxCredential credential, string tokenUrl, IDataStore dataStore, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _email = email;
        var flow = new AuthorizationCodeFlow(new AuthorizationCodeFlow.Initializer(GoogleAuthConsts.OidcAuthorizationUrl, tokenUrl)
        {
            ClientSecrets = new ClientSecrets { ClientId = credential.ClientId, ClientSecret = credential.ClientSecret },
            DataStore = dataStore,
            Clock = new TimeProviderClock(timeProvider),
        });
        _credential = new UserCredential(flow, email, credential.ToTokenResponse());
    }

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ((ITokenAccess)_credential).GetAccessTokenForRequestAsync(null, cancellationToken);
        }
        catch (TokenResponseException e)
        {
            throw TokenErrors.ForUser(_email, e);
        }
        catch (HttpRequestException e)
        {
            throw TokenErrors.Unreachable(_email, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TokenErrors.Unreachable(_email, e);
        }
    }

    /// <summary>Never prints a token.</summary>
    public override string ToString() => $"{nameof(OAuthUserTokenProvider)} {{ {_email} }}";
}
