using System.Collections.Frozen;
using System.Globalization;

namespace Nudge.Core.Schedule;

/// <summary>
/// When a step may be sent: some days of the week, between two local times of day (the end excluded), except on
/// holidays. Times are local to the zone passed in, normally the contact's.
/// </summary>
public sealed record SendWindowRule
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    // Ten years of closed days means the rule can never open; stop rather than loop.
    private const int MaxDaysAhead = 3660;

    /// <summary>Creates a window.</summary>
    /// <param name="days">The days of the week it is open on; at least one.</param>
    /// <param name="opens">The local time of day it opens, in [00:00, 24:00).</param>
    /// <param name="closes">The local time of day it closes (excluded), after <paramref name="opens"/> and at most 24:00.</param>
    /// <param name="holidays">Local dates it stays closed on.</param>
    /// <exception cref="ArgumentException">No day, or the times are out of range or not in order.</exception>
    public SendWindowRule(IEnumerable<DayOfWeek> days, TimeSpan opens, TimeSpan closes, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(days);
        Days = days.ToFrozenSet();
        if (Days.Count == 0)
        {
            throw new ArgumentException("a window needs at least one day", nameof(days));
        }

        if (opens < TimeSpan.Zero || opens >= Day)
        {
            throw new ArgumentOutOfRangeException(nameof(opens), opens, "must be a time of day");
        }

        if (closes <= opens || closes > Day)
        {
            throw new ArgumentOutOfRangeException(nameof(closes), closes, "must be after the opening time and at most 24:00");
        }

        Opens = opens;
        Closes = closes;
        Holidays = (holidays ?? []).ToFrozenSet();
    }

    /// <summary>Every day of the week.</summary>
    public static IReadOnlyList<DayOfWeek> AllDays { get; } = Enum.GetValues<DayOfWeek>();

    /// <summary>Monday to Friday.</summary>
    public static IReadOnlyList<DayOfWeek> Weekdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>The days of the week the window is open on.</summary>
    public IReadOnlySet<DayOfWeek> Days { get; }

    /// <summary>The local time of day it opens.</summary>
    public TimeSpan Opens { get; }

    /// <summary>The local time of day it closes; instants from then on are outside.</summary>
    public TimeSpan Closes { get; }

    /// <summary>Local dates the window stays closed on.</summary>
    public IReadOnlySet<DateOnly> Holidays { get; }

    /// <summary>The same window, closed on <paramref name="holidays"/> too.</summary>
    public SendWindowRule WithHolidays(IEnumerable<DateOnly> holidays) => new(Days, Opens, Closes, Holidays.Concat(holidays));

    /// <summary>Whether the window opens at all on <paramref name="date"/>.</summary>
    public bool IsOpenDay(DateOnly date) => Days.Contains(date.DayOfWeek) && !Holidays.Contains(date);

    /// <summary>Whether <paramref name="instant"/> is inside the window in <paramref name="zone"/>.</summary>
    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone) => ContainsWall(WallClock.ToWall(instant, zone));

    /// <summary>
    /// <paramref name="instant"/> itself when it is inside the window in <paramref name="zone"/>, else the earliest later
    /// instant inside it. An opening time that falls in a DST gap opens at the end of the gap; an opening time that occurs
    /// twice opens at its first occurrence; a day whose whole window falls in a gap is skipped.
    /// </summary>
    /// <returns>A UTC instant (offset zero).</returns>
    public DateTimeOffset NextOpening(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);

        // Walk over stretches of constant UTC offset. Inside one, the wall clock runs with the instant, so the next
        // opening is where the wall clock reaches it, unless the offset changes first; then start again from the change,
        // whose new wall time may already be inside (the end of a gap, or a repeated hour after fall-back).
        var current = instant.ToUniversalTime();
        for (var guard = 0; guard < 64; guard++)
        {
            var offset = zone.GetUtcOffset(current);
            var wall = new DateTime(current.UtcTicks + offset.Ticks, DateTimeKind.Unspecified);
            if (ContainsWall(wall))
            {
                return current;
            }

            var candidate = new DateTimeOffset(NextOpeningWall(wall).Ticks - offset.Ticks, TimeSpan.Zero);
            if (WallClock.NextTransition(current, candidate, zone) is not { } transition)
            {
                return candidate;
            }

            current = transition;
        }

        throw new InvalidOperationException($"the window {this} does not open after {instant:O} in {zone.Id}");
    }

    /// <summary>The window for messages and logs, e.g. <c>mon,tue,wed,thu,fri 09:00-17:00</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(',', Days.Order().Select(d => d.ToString()[..3].ToLowerInvariant()))} {Opens:hh\\:mm}-{FormatClose(Closes)}");

    /// <inheritdoc/>
    public bool Equals(SendWindowRule? other) =>
        other is not null && Opens == other.Opens && Closes == other.Closes && Days.SetEquals(other.Days) && Holidays.SetEquals(other.Holidays);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Opens, Closes, Days.Aggregate(0, (hash, day) => hash | (1 << (int)day)), Holidays.Count);

    private bool ContainsWall(DateTime wall) =>
        IsOpenDay(DateOnly.FromDateTime(wall)) && wall.TimeOfDay >= Opens && wall.TimeOfDay < Closes;

    private DateTime NextOpeningWall(DateTime wall)
    {
        var date = DateOnly.FromDateTime(wall);
        if (IsOpenDay(date) && wall.TimeOfDay < Opens)
        {
            return date.ToDateTime(TimeOnly.MinValue) + Opens;
        }

        for (var i = 1; i <= MaxDaysAhead; i++)
        {
            var next = date.AddDays(i);
            if (IsOpenDay(next))
            {
                return next.ToDateTime(TimeOnly.MinValue) + Opens;
            }
        }

        throw new InvalidOperationException($"the window {this} never opens: every day is a holiday");
    }

    private static string FormatClose(TimeSpan closes) =>
        closes == Day ? "24:00" : closes.ToString("hh\\:mm", CultureInfo.InvariantCulture);
}
