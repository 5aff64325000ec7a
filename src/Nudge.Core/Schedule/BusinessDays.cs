namespace Nudge.Core.Schedule;

/// <summary>Business-day arithmetic: Monday to Friday, less holidays, counted on local dates in a zone.</summary>
public static class BusinessDays
{
    /// <summary>Whether <paramref name="date"/> is Monday to Friday and not one of <paramref name="holidays"/>.</summary>
    public static bool IsBusinessDay(DateOnly date, IReadOnlySet<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(date);
    }

    /// <summary>
    /// Moves <paramref name="instant"/> to the <paramref name="count"/>th following business date in
    /// <paramref name="zone"/> (preceding, when negative) at the same local time of day: Friday + 1 and Saturday + 1 are
    /// both Monday; 0 leaves the instant unchanged. A time of day that falls in a DST gap moves past the gap.
    /// </summary>
    /// <returns>A UTC instant (offset zero).</returns>
    public static DateTimeOffset Add(DateTimeOffset instant, int count, TimeZoneInfo zone, IReadOnlySet<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(holidays);
        if (count == 0)
        {
            return instant.ToUniversalTime();
        }

        var wall = WallClock.ToWall(instant, zone);
        var date = DateOnly.FromDateTime(wall);
        var step = Math.Sign(count);
        for (var remaining = Math.Abs(count); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsBusinessDay(date, holidays))
            {
                remaining--;
            }
        }

        return WallClock.ToInstant(date.ToDateTime(TimeOnly.FromTimeSpan(wall.TimeOfDay)), zone);
    }
}
