using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;

namespace Nudge.Web.Pages.Sequences;

/// <summary>One chosen contact on the sequence page: what enrolling it would do (a preview) or did.</summary>
/// <param name="Contact">The contact.</param>
/// <param name="Result">The enroller's answer: the first step, its mailbox and time, or why the contact is refused.</param>
/// <param name="Subject">The first message's subject rendered for the contact, when it renders.</param>
/// <param name="AlreadyEnrolled">Whether the contact already has an enrollment in this sequence (enrolling it again keeps that one).</param>
public sealed record EnrollmentPreviewRow(Contact Contact, EnrollmentResult Result, string? Subject, bool AlreadyEnrolled);
