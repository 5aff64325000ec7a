namespace Nudge.Sandbox.Persistence;

/// <summary>A mailbox's OAuth grant in the state file. Minted access tokens are not saved: they expire anyway.</summary>
internal sealed class GrantDocument
{
    public SandboxAccountKind Kind { get; set; }

    public List<string> Scopes { get; set; } = [];

    public string RefreshToken { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public bool Revoked { get; set; }
}
