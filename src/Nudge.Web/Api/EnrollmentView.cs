namespace Nudge.Web.Api;

/// <summary>An enrollment as the API shows it.</summary>
/// <param name="Id">The enrollment's id.</param>
/// <param name="ContactId">Its contact's id.</param>
/// <param name="Email">Its contact's address.</param>
/// <param name="Sequence">The sequence's name.</param>
/// <param name="Mailbox">The address of the mailbox it is written from.</param>
/// <param name="NextStep">The next step to send (1-based); past the last one once completed.</param>
/// <param name="NextDueAt">When the next step is due; <see langword="null"/> once ended.</param>
/// <param name="State">
/// <c>active</c>, <c>paused</c>, or how it ended: <c>completed</c>, <c>replied</c>, <c>stopped-by-teammate</c>, <c>failed</c>,
/// <c>bounced</c>, <c>unsubscribed</c>, <c>suppressed</c>, <c>out-of-office</c>, <c>stopped</c> (as <c>nudge status</c> names them).
/// </param>
/// <param name="Why">Why it is paused or ended, in words.</param>
/// <param name="ThreadId">The Gmail thread of its first step, once sent (or the thread it was enrolled into).</param>
public sealed record EnrollmentView(
    long Id,
    long ContactId,
    string Email,
    string Sequence,
    string Mailbox,
    int NextStep,
    DateTimeOffset? NextDueAt,
    string State,
    string? Why,
    string? ThreadId);
