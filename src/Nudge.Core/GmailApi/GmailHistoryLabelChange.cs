namespace Nudge.Core.GmailApi;

/// <summary>Labels added to or removed from a message, as <c>history.list</c> reports it.</summary>
/// <param name="Message">The message (id, thread and its labels after the change).</param>
/// <param name="LabelIds">The labels that were added or removed.</param>
public sealed record GmailHistoryLabelChange(GmailMessage Message, IReadOnlyList<string>? LabelIds);
