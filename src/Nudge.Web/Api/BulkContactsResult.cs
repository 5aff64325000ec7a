namespace Nudge.Web.Api;

/// <summary>What <c>POST /api/v1/contacts/bulk</c> stored: the good rows are stored (in one transaction), the others listed.</summary>
/// <param name="Received">Rows in the request.</param>
/// <param name="Imported">Contacts inserted or updated.</param>
/// <param name="Enrolled">Of those, how many are enrolled in the sequence (now or before).</param>
/// <param name="Errors">The rows not stored, by index.</param>
public sealed record BulkContactsResult(int Received, int Imported, int Enrolled, IReadOnlyList<BulkRowError> Errors);
