namespace Nudge.Web.Dashboard;

/// <summary>The model of the leads table's row partial: the row, and the filter its buttons return to.</summary>
/// <param name="Row">The lead.</param>
/// <param name="Filter">The page's filter.</param>
public sealed record LeadRowView(LeadRow Row, LeadFilter Filter);
