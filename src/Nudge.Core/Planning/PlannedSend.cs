namespace Nudge.Core.Planning;

/// <summary>One message the plan expects the worker to send, assuming nobody replies.</summary>
/// <param name="At">When it goes out (UTC), after the send window, the pacing gap and the daily limit.</param>
/// <param name="Mailbox">The sending mailbox's address.</param>
/// <param name="To">The contact's address.</param>
/// <param name="ContactId">The contact's store id.</param>
/// <param name="EnrollmentId">The enrollment's store id.</param>
/// <param name="Sequence">The sequence's name.</param>
/// <param name="Step">The 1-based step number.</param>
/// <param name="Template">The step's template name.</param>
/// <param name="Subject">The subject it will carry (<c>Re: </c> and the thread's subject for a reply).</param>
/// <param name="ThreadMode"><c>new</c> when it starts a thread, <c>reply</c> when it answers in one.</param>
/// <param name="Spilled">Whether the mailbox's daily limit moved it later than its schedule asked.</param>
/// <param name="DueAt">When its schedule asked for it, before the pacing gap and the daily limit (UTC).</param>
/// <param name="TimeZone">The IANA id of the contact's zone, in which its windows and business days are counted.</param>
public sealed record PlannedSend(
    DateTimeOffset At,
    string Mailbox,
    string To,
    long ContactId,
    long EnrollmentId,
    string Sequence,
    int Step,
    string Template,
    string Subject,
    string ThreadMode,
    bool Spilled,
    DateTimeOffset DueAt,
    string TimeZone)
{
    /// <summary>The <see cref="ThreadMode"/> of a message that starts a thread.</summary>
    public const string NewThread = "new";

    /// <summary>The <see cref="ThreadMode"/> of a message that replies in the thread.</summary>
    public const string Reply = "reply";
}
