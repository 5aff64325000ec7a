namespace Nudge.Gmail.Wire;

/// <summary>The body of <c>messages.send</c> and <c>messages.import</c>: a Message with <c>raw</c>.</summary>
internal sealed record SendMessageRequest(string Raw, string? ThreadId, IReadOnlyList<string>? LabelIds = null);
