namespace Nudge.Core.Enrollments;

/// <summary>One contact's progress through one sequence.</summary>
/// <param name="Id">Store id.</param>
/// <param name="ContactId">The contact.</param>
/// <param name="SequenceName">The sequence, by its name.</param>
/// <param name="MailboxId">The mailbox that sends every step to this contact.</param>
/// <param name="NextStep">1-based number of the next step to send; past the last step once completed.</param>
/// <param name="DueAt">When the next step is due (UTC); <see langword="null"/> once ended.</param>
/// <param name="Status">Active, or why it ended.</param>
/// <param name="ThreadId">The Gmail thread of the first step, once sent.</param>
/// <param name="StatusReason">Why it ended, in words, when it did.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Attempts">Failed attempts at the current step so far (Gmail refused it for a while); 0 after a send.</param>
/// <param name="EnrolledAt">When the contact entered the sequence: the base of step 1's wait.</param>
/// <param name="PausedAt">When the enrollment (or its contact) was paused; <see langword="null"/> when it is not.</param>
/// <param name="PausedReason">Why it was paused, in words.</param>
/// <param name="ExternalThread">
/// Enrolled into a Gmail thread Nudge did not start (an invoice thread): <paramref name="ThreadId"/> is set from the
/// start, and every reply reads the thread for its subject and References.
/// </param>
public sealed record Enrollment(
    long Id,
    long ContactId,
    string SequenceName,
    long MailboxId,
    int NextStep,
    DateTimeOffset? DueAt,
    EnrollmentStatus Status,
    string? ThreadId,
    string? StatusReason,
    DateTimeOffset? EndedAt,
    int Attempts = 0,
    DateTimeOffset? EnrolledAt = null,
    DateTimeOffset? PausedAt = null,
    string? PausedReason = null,
    bool ExternalThread = false)
{
    /// <summary>Whether the enrollment still has steps to send, paused or not.</summary>
    public bool IsActive => Status == EnrollmentStatus.Active;

    /// <summary>Whether it is paused (per enrollment or per contact); its step stays where it is.</summary>
    public bool IsPaused => PausedAt is not null;
}
