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
}
