namespace Nudge.Web.Api;

/// <summary>The body of <c>POST /api/v1/contacts/bulk</c>: up to 1,000 contacts, and a sequence to enroll them in.</summary>
/// <param name="Contacts">The contacts (required; 1 to 1,000).</param>
/// <param name="Sequence">When given, every contact stored is enrolled in it, as <c>nudge import --sequence</c> does.</param>
public sealed record BulkContactsBody(List<BulkContactRow?>? Contacts, string? Sequence);
