namespace Nudge.Core.Enrollments;

/// <summary>One line of an enrollment's timeline: a step sent, a reply seen, a failure.</summary>
/// <param name="EnrollmentId">The enrollment.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">A short stable word: <c>enrolled</c>, <c>sent</c>, <c>replied</c>, <c>failed</c>...</param>
/// <param name="Detail">Human-readable detail.</param>
public sealed record EnrollmentEvent(long EnrollmentId, DateTimeOffset At, string Kind, string Detail);
