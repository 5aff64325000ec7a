using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Nudge.Cli.Hosting;

/// <summary>Reads durations given on the command line: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, or <c>00:05:00</c>.</summary>
internal static partial class Durations
{
    /// <summary>A System.CommandLine parser for a duration option; the error names the option and the value.</summary>
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration: write for example 500ms, 30s, 5m, 2h or 00:05:00");
        return null;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        if (text.Trim() == "0")
        {
            value = TimeSpan.Zero;
            return true;
        }

        var match = Pattern().Match(text.Trim());
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            value = match.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        // Only the h:mm:ss form: a bare "30" would be read as 30 days.
        value = TimeSpan.Zero;
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
