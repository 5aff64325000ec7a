namespace Nudge.Core.Planning;

/// <summary>
/// Something that keeps the plan from going as written: a contact the worker would fail or skip, or a mailbox that cannot
/// send what is due. A problem is an expected outcome of planning (a CSV column left empty), never an exception.
/// </summary>
/// <param name="Kind">One of the kind constants of this type, such as <see cref="MissingField"/>.</param>
/// <param name="Message">What is wrong and what follows from it, naming the field, the template or the mailbox.</param>
/// <param name="EnrollmentId">The enrollment it concerns, when it is one enrollment's.</param>
/// <param name="Contact">The contact's address, when it is one contact's.</param>
/// <param name="Step">The step it concerns, when it is one step's.</param>
/// <param name="Sequence">The sequence of the enrollment it concerns, when it is one enrollment's.</param>
public sealed record PlanProblem(string Kind, string Message, long? EnrollmentId = null, string? Contact = null, int? Step = null,
    string? Sequence = null)
{
    /// <summary>A template needs a merge field the contact lacks: the worker fails the enrollment at that step.</summary>
    public const string MissingField = "missing-field";

    /// <summary>The contact's address is not one Gmail can send to (or the contact is gone).</summary>
    public const string InvalidAddress = "invalid-address";

    /// <summary>The address or its domain is on the suppression list: the worker stops the enrollment instead of sending.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>The next step cannot be scheduled: an unknown <c>timezone</c>, a missing or unreadable anchor date.</summary>
    public const string Schedule = "schedule";

    /// <summary>Sends were moved later by a mailbox's daily sending limit.</summary>
    public const string DailyLimit = "daily-limit";

    /// <summary>An enrollment or a whole sequence is paused: nothing of it is sent until it is resumed.</summary>
    public const string Paused = "paused";

    /// <summary>The enrollment names a sequence that is not loaded, or a step the sequence does not have.</summary>
    public const string UnknownSequence = "unknown-sequence";

    /// <summary>The enrollment's mailbox is gone or paused.</summary>
    public const string Mailbox = "mailbox";
}
