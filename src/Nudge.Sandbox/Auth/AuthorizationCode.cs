using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// An issued authorization code and everything it is bound to: the redeeming request must name the same client and
/// <c>redirect_uri</c> and, when the authorization request carried a <c>code_challenge</c>, prove the verifier.
/// </summary>
internal sealed record AuthorizationCode(
    MailboxState Mailbox,
    IReadOnlyList<string> Scopes,
    string ClientId,
    string RedirectUri,
    string? CodeChallenge,
    string CodeChallengeMethod,
    DateTimeOffset ExpiresAt);
