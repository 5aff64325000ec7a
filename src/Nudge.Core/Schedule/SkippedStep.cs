namespace Nudge.Core.Schedule;

/// <summary>A step the scheduler passed over, and why.</summary>
/// <param name="StepNumber">The step's 1-based number.</param>
/// <param name="Reason">Why, for the enrollment's timeline: a false <c>when</c>, or an <c>at</c> time already past.</param>
public sealed record SkippedStep(int StepNumber, string Reason);
