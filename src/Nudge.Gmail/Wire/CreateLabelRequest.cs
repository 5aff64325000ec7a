namespace Nudge.Gmail.Wire;

/// <summary>The body of <c>labels.create</c>.</summary>
internal sealed record CreateLabelRequest(string Name, string? LabelListVisibility = null, string? MessageListVisibility = null);
