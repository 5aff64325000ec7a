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

    /// <summary>The contact's address bounced for good: no more steps, and the address is suppressed.</summary>
    Bounced = 5,

    /// <summary>The contact asked to be removed: no more steps, and the address is suppressed.</summary>
    Unsubscribed = 6,

    /// <summary>The address or its domain is on the suppression list: nothing more is sent.</summary>
    Suppressed = 7,

    /// <summary>The contact is out of office and the sequence stops on out-of-office replies.</summary>
    OutOfOffice = 8,

    /// <summary>Stopped by hand (the dashboard's stop button, <c>POST …/stop</c>): nothing more is sent.</summary>
    Stopped = 9,
}
