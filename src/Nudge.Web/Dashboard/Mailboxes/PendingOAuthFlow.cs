namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>
/// A sign-in sent to the consent page and not back yet: what the callback needs to finish it. Kept on the server only
/// (<see cref="OAuthFlowStore"/>); the browser holds the <see cref="State"/> (in the URL) and a hash of it (in a cookie).
/// </summary>
/// <param name="State">The random <c>state</c> of the authorization request.</param>
/// <param name="CodeVerifier">The PKCE verifier, whose S256 hash went to the consent page.</param>
/// <param name="Client">The OAuth client the code is exchanged with.</param>
/// <param name="Email">The mailbox asked for; the signed-in account must be this one.</param>
/// <param name="Endpoints">Google's or a sandbox's.</param>
/// <param name="RedirectUri">The callback URL sent in the authorization request, sent again with the code.</param>
/// <param name="StartedBy">The dashboard user who started it, for the log.</param>
/// <param name="ExpiresAt">After this instant the callback refuses it.</param>
public sealed record PendingOAuthFlow(
    string State,
    string CodeVerifier,
    OAuthClient Client,
    string Email,
    OAuthEndpoints Endpoints,
    string RedirectUri,
    string StartedBy,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Never prints the verifier nor the client secret.</summary>
    public override string ToString() => $"PendingOAuthFlow {{ Email = {Email}, ExpiresAt = {ExpiresAt:O} }}";
}
