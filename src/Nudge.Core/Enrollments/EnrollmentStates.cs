namespace Nudge.Core.Enrollments;

/// <summary>
/// The names of enrollment states in everything users and scripts read (<c>nudge status</c>, the demo, the HTTP API):
/// lower case with dashes, stable across versions.
/// </summary>
public static class EnrollmentStates
{
    /// <summary>
    /// Every name a listing can be filtered by, in the order lists show them: <c>active</c> (running) and <c>paused</c>
    /// split <see cref="EnrollmentStatus.Active"/>, then the other statuses.
    /// </summary>
    public static IReadOnlyList<string> FilterNames { get; } =
        ["active", "paused", .. Enum.GetValues<EnrollmentStatus>().Where(s => s != EnrollmentStatus.Active).Select(Name)];

    /// <summary>
    /// The filter that lets through the enrollments in the state named <paramref name="name"/> (one of
    /// <see cref="FilterNames"/>): <c>active</c> is active and not paused, <c>paused</c> active and paused;
    /// <see langword="null"/> for a name that is no state.
    /// </summary>
    public static EnrollmentFilter? Filter(string name) => name switch
    {
        "active" => new EnrollmentFilter(Status: EnrollmentStatus.Active, Paused: false),
        "paused" => new EnrollmentFilter(Status: EnrollmentStatus.Active, Paused: true),
        _ => Enum.GetValues<EnrollmentStatus>().Where(s => s != EnrollmentStatus.Active && Name(s) == name)
            .Select(s => new EnrollmentFilter(Status: s)).FirstOrDefault(),
    };

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
