namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>HistoryMessageAdded</c>: <c>{"message": {id, threadId, labelIds}}</c>.</summary>
internal sealed record HistoryMessageAdded(MessageResource Message);
