using System.Globalization;

namespace Nudge.Web.Dashboard;

/// <summary>What the leads page shows: every part is optional, and they combine with "and".</summary>
/// <param name="State">A state name (<see cref="Nudge.Core.Enrollments.EnrollmentStates"/>), <c>paused</c> included.</param>
/// <param name="Sequence">A sequence name.</param>
/// <param name="Search">Part of the contact's email, case-insensitive.</param>
public sealed record LeadFilter(string? State, string? Sequence, string? Search)
{
    /// <summary>Whether the filter lets every lead through.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(State) && string.IsNullOrWhiteSpace(Sequence) && string.IsNullOrWhiteSpace(Search);

    /// <summary>The filter as query values for links and redirects (<c>state</c>, <c>sequence</c>, <c>q</c>), empty parts left out.</summary>
    public Dictionary<string, string> ToRouteValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(values, "state", State);
        Add(values, "sequence", Sequence);
        Add(values, "q", Search);
        return values;
    }

    /// <summary>
    /// The filter and a page of it as query values (<see cref="ToRouteValues()"/>, and <c>p</c> after the first page).
    /// </summary>
    public Dictionary<string, string> ToRouteValues(int page)
    {
        var values = ToRouteValues();
        if (page > 1)
        {
            values["p"] = page.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static void Add(Dictionary<string, string> values, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            values[name] = value.Trim();
        }
    }
}
