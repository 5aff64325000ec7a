namespace Nudge.Web.Charts;

/// <summary>One bar of a chart: its label, its value, and the CSS class that colours it.</summary>
/// <param name="Label">Shown beside the bar.</param>
/// <param name="Value">Its length, from 0.</param>
/// <param name="Tone">A class name from the dashboard's stylesheet (<c>good</c>, <c>warn</c>, <c>bad</c>, <c>muted</c>), or empty.</param>
/// <param name="Max">
/// The value of a full-width bar for this row alone (a mailbox's daily limit), or <see langword="null"/> for the chart's scale.
/// </param>
/// <param name="Text">What is written as the value (<c>3 of 500</c>), or <see langword="null"/> for the chart's format.</param>
public sealed record ChartBar(string Label, double Value, string Tone = "", double? Max = null, string? Text = null);
