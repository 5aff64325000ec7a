using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Auth;

/// <summary>What an access token stands for: a mailbox, the token's scopes and, for minted tokens, when it expires.</summary>
internal sealed record AccessGrant(MailboxState Mailbox, IReadOnlySet<string> Scopes, DateTimeOffset? ExpiresAt)
{
    public bool Allows(IReadOnlyList<string> anyOf) => anyOf.Any(Scopes.Contains);

    /// <summary>
    /// Gets whether Gmail's metadata restriction applies. It does as soon as <c>gmail.metadata</c> is granted, even
    /// beside broader scopes (GMAIL-FACTS §6).
    /// </summary>
    public bool MetadataRestricted => Scopes.Contains(SandboxScopes.Metadata);
}
