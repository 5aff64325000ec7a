namespace Nudge.Core.Enrollments;

/// <summary>What enrolling a contact writes: which sequence, from which mailbox, which step first and when.</summary>
/// <param name="ContactId">The contact (stored first).</param>
/// <param name="SequenceName">The sequence.</param>
/// <param name="MailboxId">The mailbox every step is sent from.</param>
/// <param name="FirstStep">The first step to send: 1, or later when earlier steps are skipped (a condition, a past date).</param>
/// <param name="FirstDueAt">When it is due.</param>
/// <param name="EnrolledAt">Now: the base of the first step's wait.</param>
/// <param name="ExistingThreadId">A Gmail thread Nudge did not start, to reply into (an invoice), or <see langword="null"/>.</param>
public sealed record NewEnrollment(
    long ContactId,
    string SequenceName,
    long MailboxId,
    int FirstStep,
    DateTimeOffset FirstDueAt,
    DateTimeOffset EnrolledAt,
    string? ExistingThreadId = null);
