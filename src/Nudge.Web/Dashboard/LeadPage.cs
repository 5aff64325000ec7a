namespace Nudge.Web.Dashboard;

/// <summary>One page of the leads a filter lets through, and how many there are in all.</summary>
/// <param name="Rows">The page's leads, newest enrollment first.</param>
/// <param name="Offset">How many matching leads come before the page.</param>
/// <param name="Total">How many leads the filter lets through, on every page.</param>
/// <param name="Pausable">How many of those the bulk pause would pause (active and not paused), on every page.</param>
public sealed record LeadPage(IReadOnlyList<LeadRow> Rows, int Offset, int Total, int Pausable);
