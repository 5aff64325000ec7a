using System.Globalization;
using System.Net;
using System.Text;

namespace Nudge.Web.Charts;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, no chart library, nothing the Content-Security-Policy has to
/// allow. Every text is HTML-encoded, every shape carries a <c>title</c> so that the values can be read without sight,
/// and colours come from the stylesheet's classes (no inline style).
/// </summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int BarHeight = 22;
    private const int Gap = 8;
    private const int LabelWidth = 200;
    private const int ValueWidth = 120;

    /// <summary>
    /// Horizontal bars, one per row, scaled to the largest value (or to <paramref name="scaleMax"/>): a funnel
    /// (enrolled → sent step 1 … → replied) or sends against a daily limit.
    /// </summary>
    /// <param name="title">The chart's accessible name.</param>
    /// <param name="bars">The rows, top to bottom.</param>
    /// <param name="scaleMax">
    /// The value of a full-width bar; the largest bar when <see langword="null"/>. A bar with its own
    /// <see cref="ChartBar.Max"/> is scaled to that instead.
    /// </param>
    /// <param name="format">How values are written (default: whole numbers).</param>
    public static string HorizontalBars(string title, IReadOnlyList<ChartBar> bars, double? scaleMax = null, Func<double, string>? format = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        format ??= v => v.ToString("N0", CultureInfo.InvariantCulture);
        var max = scaleMax ?? (bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var height = Math.Max(1, bars.Count) * (BarHeight + Gap);
        var track = Width - LabelWidth - ValueWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" role=\"img\" aria-label=\"{Encode(title)}\" viewBox=\"0 0 {Width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        if (bars.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-empty\" x=\"0\" y=\"{BarHeight - 6}\">No data yet</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * (BarHeight + Gap);
            var scale = bar.Max ?? max;
            var length = scale <= 0 ? 0 : Math.Clamp(bar.Value / scale, 0, 1) * track;
            var tone = string.IsNullOrWhiteSpace(bar.Tone) ? "" : " " + Encode(bar.Tone);
            var value = bar.Text ?? format(bar.Value);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"chart-row\"><title>{Encode(bar.Label)}: {Encode(value)}</title>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"chart-label\" x=\"{LabelWidth - 8}\" y=\"{y + BarHeight - 6}\" text-anchor=\"end\">{Encode(bar.Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"chart-track\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{track}\" height=\"{BarHeight}\" rx=\"3\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"chart-bar{tone}\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{length:0.#}\" height=\"{BarHeight}\" rx=\"3\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"chart-value\" x=\"{LabelWidth + track + 8}\" y=\"{y + BarHeight - 6}\">{Encode(value)}</text></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
