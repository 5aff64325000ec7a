namespace Nudge.Web.Dashboard;

/// <summary>One enrollment as the leads pages show it.</summary>
/// <param name="Id">The enrollment's id.</param>
/// <param name="ContactId">The contact's id.</param>
/// <param name="Email">The contact's email.</param>
/// <param name="Sequence">The sequence's name.</param>
/// <param name="Mailbox">The sending mailbox's address.</param>
/// <param name="Step">The step reached: the next step while active, the last one sent once ended.</param>
/// <param name="Steps">The sequence's step count; 0 when its file is not loaded.</param>
/// <param name="NextDueAt">When the next step is due, while active.</param>
/// <param name="State">The state's name (<see cref="Nudge.Core.Enrollments.EnrollmentStates"/>).</param>
/// <param name="ThreadId">The Gmail thread, once there is one.</param>
/// <param name="PausedReason">Why it is paused, when it is.</param>
/// <param name="StatusReason">Why it ended, when it did.</param>
/// <param name="IsActive">Whether it still has steps to send, paused or not.</param>
/// <param name="IsPaused">Whether it is paused.</param>
public sealed record LeadRow(
    long Id,
    long ContactId,
    string Email,
    string Sequence,
    string Mailbox,
    int Step,
    int Steps,
    DateTimeOffset? NextDueAt,
    string State,
    string? ThreadId,
    string? PausedReason,
    string? StatusReason,
    bool IsActive,
    bool IsPaused)
{
    /// <summary>The step as <c>k/N</c>, or <c>k</c> when the step count is unknown.</summary>
    public string StepText => Steps > 0 ? $"{Step}/{Steps}" : Step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the pause button applies.</summary>
    public bool CanPause => IsActive && !IsPaused;

    /// <summary>Whether the resume button applies.</summary>
    public bool CanResume => IsActive && IsPaused;

    /// <summary>Whether the stop button applies.</summary>
    public bool CanStop => IsActive;
}
