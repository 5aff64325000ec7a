namespace Nudge.Core.Enrollments;

/// <summary>Where a contact stands in a sequence.</summary>
public enum EnrollmentStatus
{
    /// <summary>Waiting for its next step.</summary>
    Active = 0,

    /// <summary>Every step was sent and nobody answered.</summary>
    Completed = 1,

    /// <summary>The contact answered: no more steps.</summary>
    Replied = 2,

    /// <summary>A teammate answered by hand from the mailbox: no more steps.</summary>
    StoppedByTeammate = 3,

    /// <summary>A step could not be sent (for example a template field is missing); nothing more is sent.</summary>
    Failed = 4,
}
