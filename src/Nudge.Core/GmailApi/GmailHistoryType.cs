namespace Nudge.Core.GmailApi;

/// <summary>The kinds of change <c>history.list</c> can be filtered to (its <c>historyTypes</c> parameter).</summary>
public enum GmailHistoryType
{
    /// <summary>A message was added to the mailbox (received, sent, imported or drafted).</summary>
    MessageAdded = 0,

    /// <summary>A message was deleted for good.</summary>
    MessageDeleted = 1,

    /// <summary>Labels were added to a message.</summary>
    LabelAdded = 2,

    /// <summary>Labels were removed from a message.</summary>
    LabelRemoved = 3,
}
