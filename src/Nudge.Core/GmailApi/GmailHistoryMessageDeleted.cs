namespace Nudge.Core.GmailApi;

/// <summary>A message deleted from the mailbox, as <c>history.list</c> reports it (id and thread only).</summary>
public sealed record GmailHistoryMessageDeleted(GmailMessage Message);
