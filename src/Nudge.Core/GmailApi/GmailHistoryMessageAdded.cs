namespace Nudge.Core.GmailApi;

/// <summary>A message added to the mailbox, as <c>history.list</c> reports it (id, thread and labels only).</summary>
public sealed record GmailHistoryMessageAdded(GmailMessage Message);
