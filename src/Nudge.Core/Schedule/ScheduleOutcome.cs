namespace Nudge.Core.Schedule;

/// <summary>What <see cref="StepScheduler.Next"/> found.</summary>
public enum ScheduleOutcome
{
    /// <summary>A step is due at a time.</summary>
    Scheduled = 0,

    /// <summary>No step is left: the sequence is done for this contact.</summary>
    Completed = 1,

    /// <summary>The contact's data does not allow scheduling (a missing anchor field, an unknown zone).</summary>
    Problem = 2,
}
