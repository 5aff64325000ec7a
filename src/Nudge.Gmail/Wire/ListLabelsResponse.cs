using Nudge.Core.GmailApi;

namespace Nudge.Gmail.Wire;

/// <summary>The answer of <c>labels.list</c>.</summary>
internal sealed record ListLabelsResponse(IReadOnlyList<GmailLabel>? Labels);
