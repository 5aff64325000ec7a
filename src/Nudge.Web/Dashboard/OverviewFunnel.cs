using Nudge.Web.Charts;

namespace Nudge.Web.Dashboard;

/// <summary>One sequence's funnel on the overview: enrolled, sent step 1 … n, then how the leads ended.</summary>
/// <param name="SequenceName">The sequence.</param>
/// <param name="Enrolled">Every enrollment of the sequence, in any state: the full width of the chart.</param>
/// <param name="Bars">The chart's rows, top to bottom.</param>
public sealed record OverviewFunnel(string SequenceName, int Enrolled, IReadOnlyList<ChartBar> Bars)
{
    /// <summary>The chart's accessible name.</summary>
    public string ChartTitle => $"Funnel of {SequenceName}: enrolled, sent per step, replied, bounced, unsubscribed, completed";
}
