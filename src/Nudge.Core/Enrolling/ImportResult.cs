using Nudge.Core.Contacts;

namespace Nudge.Core.Enrolling;

/// <summary>What an import stored, and each row it refused with its line and reason.</summary>
/// <param name="Imported">Contacts inserted or updated.</param>
/// <param name="Enrolled">Of those, how many are enrolled in the sequence (new or already).</param>
/// <param name="Rejected">Rows not imported, by line.</param>
public sealed record ImportResult(int Imported, int Enrolled, IReadOnlyList<RejectedRow> Rejected);
