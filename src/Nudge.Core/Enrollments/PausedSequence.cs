namespace Nudge.Core.Enrollments;

/// <summary>A sequence paused as a whole.</summary>
/// <param name="Name">The sequence.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="PausedAt">Since when.</param>
public sealed record PausedSequence(string Name, string Reason, DateTimeOffset PausedAt);
