using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Nudge.Core.Sequences;

/// <summary>The text forms of a send window's <c>days</c> and <c>hours</c>.</summary>
internal static partial class WindowSyntax
{
    private static readonly Dictionary<string, DayOfWeek> DayNames = new (string Names, DayOfWeek Day)[]
    {
        ("mon monday", DayOfWeek.Monday),
        ("tue tues tuesday", DayOfWeek.Tuesday),
        ("wed wednesday", DayOfWeek.Wednesday),
        ("thu thur thurs thursday", DayOfWeek.Thursday),
        ("fri friday", DayOfWeek.Friday),
        ("sat saturday", DayOfWeek.Saturday),
        ("sun sunday", DayOfWeek.Sunday),
    }.SelectMany(d => d.Names.Split(' ').Select(name => (name, d.Day))).ToDictionary(d => d.name, d => d.Day, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Parses <c>mon-fri</c>, <c>mon,wed,fri</c>, <c>sat-sun</c>, <c>fri-mon</c> (ranges wrap around the week),
    /// <c>every day</c>, <c>daily</c> or <c>all</c>.
    /// </summary>
    public static bool TryParseDays(string text, [NotNullWhen(true)] out IReadOnlySet<DayOfWeek>? days)
    {
        var set = new HashSet<DayOfWeek>();
        days = null;
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed is "every day" or "everyday" or "daily" or "all")
        {
            days = Enum.GetValues<DayOfWeek>().ToHashSet();
            return true;
        }

        foreach (var part in trimmed.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2 || !ends.All(DayNames.ContainsKey))
            {
                return false;
            }

            var first = (int)DayNames[ends[0]];
            var last = (int)DayNames[ends[^1]];
            for (var day = first; ; day = (day + 1) % 7)
            {
                set.Add((DayOfWeek)day);
                if (day == last)
                {
                    break;
                }
            }
        }

        days = set;
        return set.Count > 0;
    }

    /// <summary>
    /// Parses <c>09:00-17:00</c>: local times of day, the end excluded and after the start; <c>24:00</c> ends at midnight.
    /// </summary>
    public static bool TryParseHours(string text, out TimeSpan opens, out TimeSpan closes, [NotNullWhen(false)] out string? problem)
    {
        opens = closes = TimeSpan.Zero;
        var match = HoursPattern().Match(text.Trim());
        if (!match.Success
            || !TryTime(match.Groups["h1"].Value, match.Groups["m1"].Value, out opens)
            || !TryTime(match.Groups["h2"].Value, match.Groups["m2"].Value, out closes))
        {
            problem = $"'{text}' is not a range of hours; write for example \"09:00-17:00\"";
            return false;
        }

        if (opens >= TimeSpan.FromDays(1) || closes <= opens)
        {
            problem = $"'{text}' must end after it starts, on the same day (a window cannot cross midnight)";
            return false;
        }

        problem = null;
        return true;
    }

    private static bool TryTime(string hours, string minutes, out TimeSpan time)
    {
        var h = int.Parse(hours, CultureInfo.InvariantCulture);
        var m = int.Parse(minutes, CultureInfo.InvariantCulture);
        time = new TimeSpan(h, m, 0);
        return m < 60 && (h < 24 || (h == 24 && m == 0));
    }

    [GeneratedRegex(@"^(?<h1>\d{1,2}):(?<m1>\d{2})\s*-\s*(?<h2>\d{1,2}):(?<m2>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex HoursPattern();
}
