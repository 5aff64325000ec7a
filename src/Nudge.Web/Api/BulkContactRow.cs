namespace Nudge.Web.Api;

/// <summary>One contact of <c>POST /api/v1/contacts/bulk</c>.</summary>
/// <param name="Email">Its address (required).</param>
/// <param name="Fields">Merge fields added to the contact's; blank values are ignored, as in a CSV import.</param>
public sealed record BulkContactRow(string? Email, Dictionary<string, string>? Fields);
