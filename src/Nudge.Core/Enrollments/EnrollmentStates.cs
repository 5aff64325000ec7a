namespace Nudge.Core.Enrollments;

/// <summary>
/// The names of enrollment states in everything users and scripts read (<c>nudge status</c>, the demo, the HTTP API):
/// lower case with dashes, stable across versions.
/// </summary>
public static class EnrollmentStates
{
    /// <summary>The state's name; a paused active enrollment is <c>paused</c>.</summary>
    public static string Name(Enrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        return enrollment is { IsActive: true, IsPaused: true } ? "paused" : Name(enrollment.Status);
    }

    /// <summary>The status's name.</summary>
    public static string Name(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.Active => "active",
        EnrollmentStatus.Completed => "completed",
        EnrollmentStatus.Replied => "replied",
        EnrollmentStatus.StoppedByTeammate => "stopped-by-teammate",
        EnrollmentStatus.Failed => "failed",
        EnrollmentStatus.Bounced => "bounced",
        EnrollmentStatus.Unsubscribed => "unsubscribed",
        EnrollmentStatus.Suppressed => "suppressed",
        EnrollmentStatus.OutOfOffice => "out-of-office",
        EnrollmentStatus.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
