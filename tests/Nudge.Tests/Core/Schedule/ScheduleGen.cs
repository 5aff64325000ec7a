using System.Globalization;
using CsCheck;
using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Schedule;

/// <summary>CsCheck generators for the schedule properties: zones, instants biased towards DST changes, windows.</summary>
internal static class ScheduleGen
{
    public static readonly DateTimeOffset From = Zones.Utc(2015, 1, 1, 0);
    public static readonly DateTimeOffset To = Zones.Utc(2031, 1, 1, 0);

    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    // Every offset change of each zone between From and To, so instants can be drawn close to them.
    private static readonly Dictionary<TimeZoneInfo, DateTimeOffset[]> Transitions = Zones.All.ToDictionary(z => z, FindTransitions);

    public static Gen<TimeZoneInfo> Zone(params TimeZoneInfo[] zones) => Gen.OneOf(zones);

    /// <summary>Any instant in range, to the tick.</summary>
    public static Gen<DateTimeOffset> Instant { get; } =
        Gen.Long[From.UtcTicks, To.UtcTicks].Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    /// <summary>
    /// An instant within 36 hours of one of the zone's offset changes (half of them within 90 minutes, where the gaps and
    /// repeated hours are), or anywhere when it has none.
    /// </summary>
    public static Gen<DateTimeOffset> NearTransition(TimeZoneInfo zone)
    {
        var transitions = Transitions[zone];
        var within = Gen.Frequency(
            (1, Gen.Long[-TimeSpan.TicksPerDay * 3 / 2, TimeSpan.TicksPerDay * 3 / 2]),
            (1, Gen.Long[-TimeSpan.TicksPerMinute * 90, TimeSpan.TicksPerMinute * 90]));
        return transitions.Length == 0
            ? Instant
            : Gen.Select(Gen.Int[0, transitions.Length - 1], within, (i, ticks) => transitions[i].AddTicks(ticks));
    }

    /// <summary>A zone and an instant in it: half near its DST changes, half anywhere.</summary>
    public static Gen<(TimeZoneInfo Zone, DateTimeOffset Instant)> ZonedInstant(params TimeZoneInfo[] zones) =>
        Zone(zones).SelectMany(zone => Gen.Frequency((1, Instant), (1, NearTransition(zone))).Select(instant => (zone, instant)));

    /// <summary>A window on some days of the week with quarter-hour bounds, as sequence files allow.</summary>
    public static Gen<SendWindowRule> Window { get; } =
        Gen.Select(Gen.Int[1, 127], Gen.Int[0, 95], Gen.Int[1, 96], (mask, start, length) =>
        {
            var days = Enum.GetValues<DayOfWeek>().Where(d => (mask & (1 << (int)d)) != 0);
            var opens = start * Quarter;
            var closes = TimeSpan.FromTicks(Math.Min((start + length) * Quarter.Ticks, TimeSpan.TicksPerDay));
            return new SendWindowRule(days, opens, closes);
        });

    /// <summary>Up to four holidays within two weeks of <paramref name="around"/>'s local date.</summary>
    public static Gen<IReadOnlySet<DateOnly>> HolidaysNear(DateTimeOffset around, TimeZoneInfo zone)
    {
        var start = DateOnly.FromDateTime(WallClock.ToWall(around, zone));
        return Gen.Int[0, 14].HashSet[0, 4].Select(offsets => (IReadOnlySet<DateOnly>)offsets.Select(start.AddDays).ToHashSet());
    }

    public static string Describe(DateTimeOffset instant, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{instant:O} ({WallClock.ToWall(instant, zone):yyyy-MM-dd ddd HH:mm:ss.fffffff} in {zone.Id})");

    private static DateTimeOffset[] FindTransitions(TimeZoneInfo zone)
    {
        var found = new List<DateTimeOffset>();
        for (var day = From; day < To; day = day.AddDays(1))
        {
            if (zone.GetUtcOffset(day) != zone.GetUtcOffset(day.AddDays(1)) && WallClock.NextTransition(day, day.AddDays(1), zone) is { } t)
            {
                found.Add(t);
            }
        }

        return [.. found];
    }
}
