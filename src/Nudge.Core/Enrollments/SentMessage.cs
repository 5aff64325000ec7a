namespace Nudge.Core.Enrollments;

/// <summary>What Gmail answered for a send Nudge made.</summary>
/// <param name="EnrollmentId">The enrollment.</param>
/// <param name="Step">1-based step number.</param>
/// <param name="GmailMessageId">Gmail's message id.</param>
/// <param name="GmailThreadId">Gmail's thread id.</param>
/// <param name="RfcMessageId">
/// The final Message-ID, as Gmail rewrote it; <see langword="null"/> when reading it back failed (it is read again
/// before the next step needs it).
/// </param>
/// <param name="SentAt">When Gmail accepted it.</param>
public sealed record SentMessage(long EnrollmentId, int Step, string GmailMessageId, string GmailThreadId, string? RfcMessageId, DateTimeOffset SentAt);
