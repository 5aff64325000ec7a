using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace Nudge.Gmail.Auth;

/// <summary>
/// Access tokens for a Google Workspace mailbox through a service account with domain-wide delegation: the service
/// account signs a JWT naming the user and the scopes, and exchanges it at the token endpoint. Explicit scopes make it
/// a real OAuth token; a self-signed JWT could not impersonate the user (GMAIL-FACTS §10.3, §10.5).
/// </summary>
public sealed class ServiceAccountTokenProvider : IAccessTokenProvider
{
    private readonly string _email;
    private readonly ServiceAccountCredential _credential;

    public ServiceAccountTokenProvider(string email, MailboxCredential credential, string tokenUrl, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(credential);
        _email = email;
        _credential = new ServiceAccountCredential(new ServiceAccountCredential.Initializer(credential.ClientEmail, tokenUrl)
        {
            User = email,
            Scopes = GmailScopes.Nudge,
            Clock = new TimeProviderClock(timeProvider),
        }.FromPrivateKey(credential.PrivateKey));
    }

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ((ITokenAccess)_credential).GetAccessTokenForRequestAsync(null, cancellationToken);
        }
        catch (TokenResponseException e)
        {
            throw TokenErrors.ForServiceAccount(_email, e);
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

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{nameof(ServiceAccountTokenProvider)} {{ {_email} }}";
}
