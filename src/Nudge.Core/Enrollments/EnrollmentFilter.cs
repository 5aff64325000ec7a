namespace Nudge.Core.Enrollments;

/// <summary>Which enrollments a listing shows; every criterion left <see langword="null"/> lets all through.</summary>
/// <param name="SequenceName">Only this sequence's.</param>
/// <param name="Status">Only those with this status.</param>
/// <param name="Paused">Only paused ones (<see langword="true"/>) or only those not paused (<see langword="false"/>).</param>
/// <param name="EmailSearch">
/// Only those whose contact's address contains this text, case-insensitive (ASCII); <c>%</c> and <c>_</c> are taken
/// literally. Blank lets all through.
/// </param>
public sealed record EnrollmentFilter(string? SequenceName = null, EnrollmentStatus? Status = null, bool? Paused = null, string? EmailSearch = null);
