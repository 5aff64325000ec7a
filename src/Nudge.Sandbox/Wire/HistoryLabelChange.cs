namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>HistoryLabelAdded</c> / <c>HistoryLabelRemoved</c>: the message and the labels that changed.</summary>
internal sealed record HistoryLabelChange(MessageResource Message, List<string> LabelIds);
