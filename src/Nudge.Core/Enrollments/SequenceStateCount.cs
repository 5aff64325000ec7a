namespace Nudge.Core.Enrollments;

/// <summary>How many enrollments of a sequence have a status (and are paused or not).</summary>
/// <param name="SequenceName">The sequence.</param>
/// <param name="Status">The status.</param>
/// <param name="Paused">Whether they are paused (only ever true for active ones).</param>
/// <param name="Count">How many.</param>
public sealed record SequenceStateCount(string SequenceName, EnrollmentStatus Status, bool Paused, int Count)
{
    /// <summary>The state's name (<see cref="EnrollmentStates"/>): <c>paused</c> for paused active enrollments.</summary>
    public string State => Status == EnrollmentStatus.Active && Paused ? "paused" : EnrollmentStates.Name(Status);
}
