namespace Nudge.Web.Api;

/// <summary>How many enrollments a sequence has, by state.</summary>
/// <param name="Name">The sequence.</param>
/// <param name="Total">All its enrollments.</param>
/// <param name="States">Enrollments by state name (<c>active</c>, <c>paused</c>, <c>replied</c>…); states with none are left out.</param>
public sealed record SequenceStatsView(string Name, int Total, IReadOnlyDictionary<string, int> States);
