using System.Globalization;
using System.Text.RegularExpressions;

namespace Nudge.Core.Sequences;

/// <summary>Parses step waits such as <c>3 days</c>, <c>2h</c>, <c>30 minutes</c> or <c>0</c>.</summary>
public static partial class WaitParser
{
    /// <summary>Parses a wait; returns <see langword="false"/> for anything it does not understand.</summary>
    public static bool TryParse(string text, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return true;
        }

        var match = WaitPattern().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }

        var amount = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        wait = unit switch
        {
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(amount),
            "h" or "hour" or "hours" => TimeSpan.FromHours(amount),
            "d" or "day" or "days" => TimeSpan.FromDays(amount),
            "w" or "week" or "weeks" => TimeSpan.FromDays(7 * amount),
            _ => TimeSpan.MinValue,
        };
        return wait != TimeSpan.MinValue;
    }

    [GeneratedRegex(@"^(?<n>\d{1,4})\s*(?<unit>[a-zA-Z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex WaitPattern();
}
