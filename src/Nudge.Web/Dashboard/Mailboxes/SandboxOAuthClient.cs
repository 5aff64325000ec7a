namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>What the sandbox's <c>GET /sandbox/oauth-client</c> answers: its installed-app client.</summary>
internal sealed record SandboxOAuthClient(string? ClientId, string? ClientSecret)
{
    public override string ToString() => $"SandboxOAuthClient {{ ClientId = {ClientId} }}";
}
