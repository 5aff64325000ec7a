namespace Nudge.Web.Api;

/// <summary>The body of <c>POST /api/v1/enrollments</c>: the contact, its merge fields, and the sequence.</summary>
/// <param name="Email">The contact's address (required).</param>
/// <param name="Sequence">The sequence's name (required).</param>
/// <param name="Fields">Merge fields, as strings; they are added to the contact's (a new value replaces an old one).</param>
/// <param name="ThreadId">An existing Gmail thread to reply into.</param>
/// <param name="ThreadQuery">Or a Gmail search that finds it.</param>
public sealed record EnrollmentBody(string? Email, string? Sequence, Dictionary<string, string>? Fields, string? ThreadId, string? ThreadQuery);
