namespace Nudge.Core.Abstractions;

/// <summary>What kind of account a mailbox is; the kind sets Gmail's daily sending limit.</summary>
public enum MailboxKind
{
    /// <summary>A consumer gmail.com account: 500 messages a day.</summary>
    Gmail = 0,

    /// <summary>A Google Workspace account: 2,000 messages a day.</summary>
    Workspace = 1,

    /// <summary>A mailbox of the built-in Gmail sandbox (limits as a gmail.com account).</summary>
    Sandbox = 2,
}
