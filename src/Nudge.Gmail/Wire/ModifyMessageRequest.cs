namespace Nudge.Gmail.Wire;

/// <summary>The body of <c>messages.modify</c>.</summary>
internal sealed record ModifyMessageRequest(IReadOnlyList<string>? AddLabelIds, IReadOnlyList<string>? RemoveLabelIds);
