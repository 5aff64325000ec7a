namespace Nudge.Core.Quota;

/// <summary>The Gmail API methods whose quota units the governor charges.</summary>
public enum GmailCall
{
    SendMessage,
    GetMessage,
    ListMessages,
    GetThread,
    ListThreads,
    ListHistory,
    GetProfile,
    ModifyMessage,
    ListLabels,
    ListSendAs,

    /// <summary><c>users.watch</c>: push notifications of the mailbox's changes, renewed daily.</summary>
    Watch,
}
