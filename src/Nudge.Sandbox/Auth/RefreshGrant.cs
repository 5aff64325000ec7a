using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Auth;

/// <summary>What a refresh token stands for: the mailbox and the grant (client and scopes) it was issued under.</summary>
internal sealed record RefreshGrant(MailboxState Mailbox, OAuthGrant Grant);
