namespace Nudge.Core.Enrollments;

/// <summary>An enrollment in a listing, with the addresses a person reads it by.</summary>
/// <param name="Enrollment">The enrollment.</param>
/// <param name="ContactEmail">Its contact's address.</param>
/// <param name="MailboxEmail">The address of the mailbox it is written from.</param>
public sealed record EnrollmentListing(Enrollment Enrollment, string ContactEmail, string MailboxEmail);
