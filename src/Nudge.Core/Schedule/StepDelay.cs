using System.Globalization;
using System.Text.RegularExpressions;

namespace Nudge.Core.Schedule;

/// <summary>
/// A wait such as <c>3 business days</c>, <c>2 days</c>, <c>12 hours</c> or <c>10 seconds</c>. Seconds, minutes and
/// hours are elapsed time; days, weeks and business days move the local date in the contact's zone and keep the local
/// time of day, so "3 days" after 10:00 is 10:00 again even across a DST change.
/// </summary>
/// <param name="Amount">How many units; negative only for offsets before an anchor (<c>- 2 days</c>).</param>
/// <param name="Unit">The unit.</param>
public readonly partial record struct StepDelay(int Amount, DelayUnit Unit)
{
    /// <summary>No wait.</summary>
    public static StepDelay Zero { get; } = new(0, DelayUnit.Seconds);

    /// <summary>Whether the delay is empty.</summary>
    public bool IsZero => Amount == 0;

    /// <summary>
    /// The duration the delay stands for where the day has 24 hours (days as 24 h, weeks as 7 × 24 h), or
    /// <see langword="null"/> for business days, whose length depends on the calendar.
    /// </summary>
    public TimeSpan? NominalDuration => Unit switch
    {
        DelayUnit.Seconds => TimeSpan.FromSeconds(Amount),
        DelayUnit.Minutes => TimeSpan.FromMinutes(Amount),
        DelayUnit.Hours => TimeSpan.FromHours(Amount),
        DelayUnit.Days => TimeSpan.FromDays(Amount),
        DelayUnit.Weeks => TimeSpan.FromDays(7L * Amount),
        DelayUnit.BusinessDays => null,
        _ => throw new InvalidOperationException($"unknown unit {Unit}"),
    };

    /// <summary>The same delay in the other direction.</summary>
    public StepDelay Negate() => this with { Amount = -Amount };

    /// <summary>Adds the delay to <paramref name="instant"/>; calendar units are counted in <paramref name="zone"/>.</summary>
    /// <param name="instant">The start.</param>
    /// <param name="zone">The contact's zone.</param>
    /// <param name="holidays">Local dates that are not business days.</param>
    /// <returns>A UTC instant (offset zero).</returns>
    public DateTimeOffset AddTo(DateTimeOffset instant, TimeZoneInfo zone, IReadOnlySet<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(holidays);
        var utc = instant.ToUniversalTime();
        return Unit switch
        {
            DelayUnit.Seconds => utc.AddSeconds(Amount),
            DelayUnit.Minutes => utc.AddMinutes(Amount),
            DelayUnit.Hours => utc.AddHours(Amount),
            DelayUnit.Days => WallClock.AddLocalDays(utc, Amount, zone),
            DelayUnit.Weeks => WallClock.AddLocalDays(utc, 7 * Amount, zone),
            DelayUnit.BusinessDays => BusinessDays.Add(utc, Amount, zone, holidays),
            _ => throw new InvalidOperationException($"unknown unit {Unit}"),
        };
    }

    /// <summary>
    /// Parses <c>0</c>, or a non-negative amount and a unit: <c>s</c>/<c>seconds</c>, <c>m</c>/<c>minutes</c>,
    /// <c>h</c>/<c>hours</c>, <c>d</c>/<c>days</c>, <c>w</c>/<c>weeks</c> or <c>business days</c> (singular too).
    /// </summary>
    /// <returns><see langword="false"/> for anything else.</returns>
    public static bool TryParse(string? text, out StepDelay delay)
    {
        delay = Zero;
        var trimmed = text?.Trim() ?? "";
        if (trimmed == "0")
        {
            return true;
        }

        var match = DelayPattern().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }

        var amount = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = string.Join(' ', match.Groups["unit"].Value.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        DelayUnit? parsed = unit switch
        {
            "s" or "sec" or "secs" or "second" or "seconds" => DelayUnit.Seconds,
            "m" or "min" or "mins" or "minute" or "minutes" => DelayUnit.Minutes,
            "h" or "hr" or "hrs" or "hour" or "hours" => DelayUnit.Hours,
            "d" or "day" or "days" => DelayUnit.Days,
            "w" or "week" or "weeks" => DelayUnit.Weeks,
            "business day" or "business days" => DelayUnit.BusinessDays,
            _ => null,
        };
        if (parsed is not { } found)
        {
            return false;
        }

        delay = new StepDelay(amount, found);
        return true;
    }

    /// <summary>The delay as written in a sequence file, e.g. <c>3 business days</c>.</summary>
    public override string ToString()
    {
        var one = Math.Abs(Amount) == 1;
        var unit = Unit switch
        {
            DelayUnit.Seconds => one ? "second" : "seconds",
            DelayUnit.Minutes => one ? "minute" : "minutes",
            DelayUnit.Hours => one ? "hour" : "hours",
            DelayUnit.Days => one ? "day" : "days",
            DelayUnit.Weeks => one ? "week" : "weeks",
            DelayUnit.BusinessDays => one ? "business day" : "business days",
            _ => Unit.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{Amount} {unit}");
    }

    [GeneratedRegex(@"^(?<n>\d{1,6})\s*(?<unit>[a-zA-Z][a-zA-Z ]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DelayPattern();
}
