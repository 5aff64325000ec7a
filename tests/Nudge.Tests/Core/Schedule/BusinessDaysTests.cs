using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Schedule;

public sealed class BusinessDaysTests
{
    private static readonly IReadOnlySet<DateOnly> NoHolidays = new HashSet<DateOnly>();

    [Theory]
    [InlineData("2026-03-06", 1, "2026-03-09")] // Friday + 1 = Monday
    [InlineData("2026-03-07", 1, "2026-03-09")] // Saturday + 1 = Monday
    [InlineData("2026-03-08", 1, "2026-03-09")] // Sunday + 1 = Monday
    [InlineData("2026-03-02", 4, "2026-03-06")] // Monday + 4 = Friday
    [InlineData("2026-03-02", 5, "2026-03-09")]
    [InlineData("2026-03-09", -1, "2026-03-06")] // Monday − 1 = Friday
    public void Add_Count_MovesToNthBusinessDateAtSameLocalTime(string start, int count, string expected)
    {
        var from = At(start, Zones.Paris);

        var result = BusinessDays.Add(from, count, Zones.Paris, NoHolidays);

        result.ShouldBe(At(expected, Zones.Paris));
    }

    [Fact]
    public void Add_Zero_IsUnchanged()
    {
        var saturday = At("2026-03-07", Zones.Paris);

        BusinessDays.Add(saturday, 0, Zones.Paris, NoHolidays).ShouldBe(saturday);
    }

    [Fact]
    public void Add_OverHoliday_SkipsIt()
    {
        var holidays = new HashSet<DateOnly> { new(2026, 12, 25) };

        // Thursday 24 December + 1 = Monday 28 December, not Christmas Day.
        BusinessDays.Add(At("2026-12-24", Zones.NewYork), 1, Zones.NewYork, holidays).ShouldBe(At("2026-12-28", Zones.NewYork));
    }

    [Fact]
    public void Add_AcrossDst_KeepsLocalTimeOfDay()
    {
        // Friday 09:30 EST + 1 = Monday 09:30 EDT.
        BusinessDays.Add(Zones.Utc(2026, 3, 6, 14, 30), 1, Zones.NewYork, NoHolidays).ShouldBe(Zones.Utc(2026, 3, 9, 13, 30));
    }

    [Fact]
    public void IsBusinessDay_WeekendAndHoliday_AreNot()
    {
        var holidays = new HashSet<DateOnly> { new(2026, 12, 25) };

        BusinessDays.IsBusinessDay(new DateOnly(2026, 12, 24), holidays).ShouldBeTrue();
        BusinessDays.IsBusinessDay(new DateOnly(2026, 12, 25), holidays).ShouldBeFalse();
        BusinessDays.IsBusinessDay(new DateOnly(2026, 12, 26), holidays).ShouldBeFalse();
    }

    // 10:15 local on the given date.
    private static DateTimeOffset At(string date, TimeZoneInfo zone) =>
        WallClock.ToInstant(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(10, 15)), zone);
}
