namespace Nudge.Core.Enrollments;

/// <summary>
/// One send of one step to one contact: the row written before Gmail is called, whose unique key
/// (<see cref="EnrollmentId"/>, <see cref="Step"/>) is what makes sending exactly-once.
/// </summary>
/// <param name="EnrollmentId">The enrollment.</param>
/// <param name="Step">1-based step number.</param>
/// <param name="MailboxId">The mailbox it is sent from.</param>
/// <param name="State">Where the send stands.</param>
/// <param name="LocalMessageId">The Message-ID Nudge generated (Gmail replaces it on send).</param>
/// <param name="Subject">The rendered subject.</param>
/// <param name="ReservedAt">When the row was written.</param>
/// <param name="GmailMessageId">Gmail's message id, once sent.</param>
/// <param name="GmailThreadId">Gmail's thread id, once sent.</param>
/// <param name="RfcMessageId">The Message-ID Gmail gave the sent mail, read back after the send.</param>
/// <param name="SentAt">When Gmail accepted it.</param>
/// <param name="WorkerId">The worker that reserved the send.</param>
/// <param name="HistoryCheckpoint">
/// The mailbox's Gmail history id read before the send: if its outcome is unknown, reconciliation reads the history
/// from there for the message carrying the step's send id.
/// </param>
public sealed record OutboxEntry(
    long EnrollmentId,
    int Step,
    long MailboxId,
    OutboxState State,
    string LocalMessageId,
    string Subject,
    DateTimeOffset ReservedAt,
    string? GmailMessageId = null,
    string? GmailThreadId = null,
    string? RfcMessageId = null,
    DateTimeOffset? SentAt = null,
    string? WorkerId = null,
    ulong? HistoryCheckpoint = null);
