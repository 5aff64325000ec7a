namespace Nudge.Web.Dashboard;

/// <summary>The model of the leads table's row partial: the row, and the filter and page its buttons return to.</summary>
/// <param name="Row">The lead.</param>
/// <param name="Filter">The page's filter.</param>
/// <param name="Page">The page's number, from 1.</param>
public sealed record LeadRowView(LeadRow Row, LeadFilter Filter, int Page = 1);
