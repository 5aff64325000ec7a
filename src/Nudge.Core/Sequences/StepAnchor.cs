using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Nudge.Core.Schedule;

namespace Nudge.Core.Sequences;

/// <summary>
/// An <c>at</c> step's time: a contact field holding a date or a date-time, plus an offset, as in
/// <c>{{ due_date }} + 30 days</c>, <c>{{ renewal }} - 2 business days</c> or just <c>{{ due_date }}</c>.
/// </summary>
/// <param name="Field">The contact field.</param>
/// <param name="Offset">Added to the field's time; negative for <c>-</c>.</param>
public sealed partial record StepAnchor(string Field, StepDelay Offset)
{
    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Parses an <c>at</c> expression; <see langword="false"/> when it is not one.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out StepAnchor? anchor)
    {
        anchor = null;
        var match = AnchorPattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }

        var offset = StepDelay.Zero;
        if (match.Groups["sign"].Success)
        {
            if (!StepDelay.TryParse(match.Groups["delay"].Value, out offset))
            {
                return false;
            }

            offset = match.Groups["sign"].Value == "-" ? offset.Negate() : offset;
        }

        anchor = new StepAnchor(match.Groups["field"].Value, offset);
        return true;
    }

    /// <summary>
    /// The anchored time for a contact: the field's date at local midnight in <paramref name="zone"/> (or its date-time:
    /// with an offset or <c>Z</c> it is that instant, without one a local time in <paramref name="zone"/>), plus the offset.
    /// </summary>
    /// <param name="fields">The contact's fields.</param>
    /// <param name="zone">The contact's zone.</param>
    /// <param name="holidays">Dates that are not business days, for a business-day offset.</param>
    /// <param name="time">The anchored time, UTC.</param>
    /// <param name="problem">Why there is none: the field is missing or is not a date; names the field and the value.</param>
    public bool TryResolve(IReadOnlyDictionary<string, string> fields, TimeZoneInfo zone, IReadOnlySet<DateOnly> holidays,
        out DateTimeOffset time, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        time = default;
        if (!fields.TryGetValue(Field, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            problem = $"field '{Field}' is missing or empty, and the step is due at {this}";
            return false;
        }

        var value = raw.Trim();
        DateTimeOffset start;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            start = WallClock.ToInstant(date.ToDateTime(TimeOnly.MinValue), zone);
        }
        else if (DateTime.TryParseExact(value, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            start = WallClock.ToInstant(local, zone);
        }
        else if (value.Contains('T', StringComparison.Ordinal)
                 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            start = exact.ToUniversalTime();
        }
        else
        {
            problem = $"field '{Field}' is '{value}', which is not a date (yyyy-MM-dd) or an ISO date-time, and the step is due at {this}";
            return false;
        }

        time = Offset.AddTo(start, zone, holidays);
        problem = null;
        return true;
    }

    /// <summary>The anchor as written in a sequence file.</summary>
    public override string ToString() =>
        Offset.IsZero
            ? $"{{{{ {Field} }}}}"
            : $"{{{{ {Field} }}}} {(Offset.Amount < 0 ? '-' : '+')} {(Offset.Amount < 0 ? Offset.Negate() : Offset)}";

    [GeneratedRegex(@"^\{\{\s*(?<field>[A-Za-z_][A-Za-z0-9_\-]*)\s*\}\}\s*(?:(?<sign>[+-])\s*(?<delay>.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex AnchorPattern();
}
