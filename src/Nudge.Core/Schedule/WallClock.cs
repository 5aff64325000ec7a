namespace Nudge.Core.Schedule;

/// <summary>
/// Converts between UTC instants and local wall-clock times in a zone, with one rule for DST: a local time that does
/// not exist (in the spring-forward gap) becomes the first instant after the gap, and a local time that occurs twice
/// (fall-back) becomes its first occurrence. Every instant returned is UTC (offset zero).
/// </summary>
public static class WallClock
{
    // Offsets change at most twice a year in practice; scanning in 6-hour chunks cannot miss a change and change back.
    private static readonly TimeSpan ScanChunk = TimeSpan.FromHours(6);

    // No zone is further than this from UTC (the extremes are −12 h and +14 h).
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(15);

    /// <summary>The local wall-clock time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTime ToWall(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
    }

    /// <summary>
    /// The first instant whose local time in <paramref name="zone"/> is at or after <paramref name="wall"/>: the usual
    /// conversion, the earlier of two occurrences, or the end of a DST gap.
    /// </summary>
    /// <param name="wall">A local time; its <see cref="DateTime.Kind"/> is ignored.</param>
    /// <param name="zone">The zone.</param>
    public static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);

        // Walk forward over stretches of constant offset from an instant surely before the wall time. In each stretch
        // the wall clock is the instant plus the offset, so the wall time is reached at (wall − offset) unless the
        // offset changes first. Walking (rather than TimeZoneInfo's IsInvalidTime/IsAmbiguousTime) yields the gap
        // and ambiguity rule for any transition, 30-minute ones included.
        var instant = new DateTimeOffset(wall.Ticks, TimeSpan.Zero) - MaxOffset;
        for (var guard = 0; guard < 16; guard++)
        {
            var offset = zone.GetUtcOffset(instant);
            var candidate = new DateTimeOffset(wall.Ticks - offset.Ticks, TimeSpan.Zero);
            if (candidate <= instant)
            {
                // The last transition jumped the clock past the wall time: it was in the gap.
                return instant;
            }

            if (NextTransition(instant, candidate, zone) is not { } transition)
            {
                return candidate;
            }

            instant = transition;
        }

        throw new InvalidOperationException($"cannot place {wall:O} in {zone.Id}: too many offset changes");
    }

    /// <summary>
    /// Adds <paramref name="days"/> calendar days in <paramref name="zone"/>, keeping the local time of day (moved past a
    /// DST gap when it falls in one).
    /// </summary>
    public static DateTimeOffset AddLocalDays(DateTimeOffset instant, int days, TimeZoneInfo zone)
    {
        // Zero days leaves the instant alone: converting back would move the second occurrence of an ambiguous time to the first.
        return days == 0 ? instant.ToUniversalTime() : ToInstant(ToWall(instant, zone).AddDays(days), zone);
    }

    /// <summary>
    /// The first instant in (<paramref name="after"/>, <paramref name="limit"/>] whose UTC offset differs from the offset at
    /// <paramref name="after"/>, or <see langword="null"/> when the offset stays the same.
    /// </summary>
    internal static DateTimeOffset? NextTransition(DateTimeOffset after, DateTimeOffset limit, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(after);
        var low = after;
        while (low < limit)
        {
            var high = limit - low > ScanChunk ? low + ScanChunk : limit;
            if (zone.GetUtcOffset(high) != offset)
            {
                // Invariant: the offset at low is the old one, at high the new one.
                while (high.UtcTicks - low.UtcTicks > 1)
                {
                    var middle = new DateTimeOffset(low.UtcTicks + ((high.UtcTicks - low.UtcTicks) / 2), TimeSpan.Zero);
                    if (zone.GetUtcOffset(middle) == offset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                return high.ToUniversalTime();
            }

            low = high;
        }

        return null;
    }
}
