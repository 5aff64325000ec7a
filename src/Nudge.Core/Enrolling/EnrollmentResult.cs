namespace Nudge.Core.Enrolling;

/// <summary>What enrolling one contact did, or why it did not.</summary>
/// <param name="ContactId">The stored contact, when it was stored.</param>
/// <param name="EnrollmentId">The enrollment (new or existing), when there is one.</param>
/// <param name="FirstStep">The first step to send.</param>
/// <param name="FirstDueAt">When it is due.</param>
/// <param name="Mailbox">The mailbox the contact is written from.</param>
/// <param name="Rejection">Why nothing was enrolled, naming the field; <see langword="null"/> on success.</param>
public sealed record EnrollmentResult(
    long? ContactId,
    long? EnrollmentId,
    int? FirstStep,
    DateTimeOffset? FirstDueAt,
    string? Mailbox,
    string? Rejection)
{
    /// <summary>Whether the contact is enrolled (now or before).</summary>
    public bool IsEnrolled => EnrollmentId is not null;
}
