using Nudge.Core.Enrollments;

namespace Nudge.Core.Webhooks;

/// <summary>An event of an enrollment's timeline with what a receiver needs to act on it: who, which sequence, where it stands now.</summary>
/// <param name="Id">The event's store id (<c>events.id</c>), increasing in the order events were appended.</param>
/// <param name="EnrollmentId">The enrollment.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">The timeline's word for it (<c>replied</c>, <c>completed</c>, <c>sent</c>…).</param>
/// <param name="Detail">Human-readable detail.</param>
/// <param name="Email">The contact's address.</param>
/// <param name="SequenceName">The sequence.</param>
/// <param name="Status">The enrollment's status when read.</param>
/// <param name="Paused">Whether the enrollment was paused when read.</param>
public sealed record EnrollmentEventRecord(
    long Id,
    long EnrollmentId,
    DateTimeOffset At,
    string Kind,
    string Detail,
    string Email,
    string SequenceName,
    EnrollmentStatus Status,
    bool Paused)
{
    /// <summary>The enrollment's state as <c>nudge status</c> and the API name it (<see cref="EnrollmentStates"/>).</summary>
    public string State => Status == EnrollmentStatus.Active && Paused ? "paused" : EnrollmentStates.Name(Status);
}
