namespace Nudge.Gmail.Wire;

/// <summary>The body of <c>users.watch</c>; without <c>labelFilterBehavior</c> Gmail includes the listed labels.</summary>
internal sealed record WatchRequest(string TopicName, IReadOnlyList<string>? LabelIds);
