namespace Nudge.Sandbox;

/// <summary>The kind of Google account a sandbox mailbox stands for; it sets the default daily sending limit.</summary>
public enum SandboxAccountKind
{
    /// <summary>A consumer gmail.com account: about 500 messages per rolling 24 hours.</summary>
    Gmail,

    /// <summary>A Google Workspace account: 2,000 messages per rolling 24 hours.</summary>
    Workspace,
}
