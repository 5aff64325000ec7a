namespace Nudge.Core.Schedule;

/// <summary>The unit of a <see cref="StepDelay"/>.</summary>
public enum DelayUnit
{
    /// <summary>Elapsed seconds (mostly for tests and demos).</summary>
    Seconds = 0,

    /// <summary>Elapsed minutes.</summary>
    Minutes = 1,

    /// <summary>Elapsed hours.</summary>
    Hours = 2,

    /// <summary>Calendar days in the contact's zone: the local time of day is kept across DST changes.</summary>
    Days = 3,

    /// <summary>Calendar weeks in the contact's zone, as seven <see cref="Days"/>.</summary>
    Weeks = 4,

    /// <summary>Local dates that are Monday to Friday and not holidays; the local time of day is kept.</summary>
    BusinessDays = 5,
}
