using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Schedule;

public sealed class SendWindowRuleTests
{
    private static readonly SendWindowRule Office = new(SendWindowRule.Weekdays, TimeSpan.FromHours(9), TimeSpan.FromHours(17));

    [Fact]
    public void NextOpening_InsideWindow_ReturnsSameInstant()
    {
        // Tuesday 10:00 in New York.
        var instant = new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.FromHours(-5));

        var result = Office.NextOpening(instant, Zones.NewYork);

        result.ShouldBe(instant);
        result.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void NextOpening_BeforeOpening_ReturnsOpeningSameDay()
    {
        Office.NextOpening(Zones.Utc(2026, 3, 3, 12), Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 3, 14));
    }

    [Fact]
    public void NextOpening_AtClosing_ReturnsNextDaysOpening()
    {
        // 17:00 is outside: the end is excluded.
        Office.NextOpening(Zones.Utc(2026, 3, 3, 22), Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 4, 14));
    }

    [Fact]
    public void NextOpening_FridayEvening_ReturnsMondayAcrossDst()
    {
        // Friday 18:00 EST; the window next opens on Monday at 09:00 EDT.
        Office.NextOpening(Zones.Utc(2026, 3, 6, 23), Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 9, 13));
    }

    [Fact]
    public void NextOpening_Holiday_SkipsIt()
    {
        var window = Office.WithHolidays([new DateOnly(2026, 12, 25)]);

        window.NextOpening(Zones.Utc(2026, 12, 24, 23), Zones.NewYork).ShouldBe(Zones.Utc(2026, 12, 28, 14));
    }

    [Fact]
    public void NextOpening_OpeningInSpringGap_OpensAtEndOfGap()
    {
        var window = new SendWindowRule(SendWindowRule.AllDays, new TimeSpan(2, 30, 0), TimeSpan.FromHours(5));

        window.NextOpening(Zones.Utc(2026, 3, 8, 5), Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 8, 7));
    }

    [Fact]
    public void NextOpening_WholeWindowInGap_SkipsTheDay()
    {
        var window = new SendWindowRule(SendWindowRule.AllDays, TimeSpan.FromHours(2), TimeSpan.FromHours(3));

        window.NextOpening(Zones.Utc(2026, 3, 8, 5), Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 9, 6));
    }

    [Fact]
    public void NextOpening_AmbiguousOpening_OpensAtFirstOccurrence()
    {
        var window = new SendWindowRule(SendWindowRule.AllDays, new TimeSpan(1, 30, 0), TimeSpan.FromHours(4));

        window.NextOpening(Zones.Utc(2026, 11, 1, 4), Zones.NewYork).ShouldBe(Zones.Utc(2026, 11, 1, 5, 30));
    }

    [Fact]
    public void NextOpening_AfterWindowBeforeRepeatedHour_OpensWhenTheHourRepeats()
    {
        // 00:30–01:30 local; at 01:45 EDT the window has closed, but the clock falls back to 01:00 EST at 06:00Z.
        var window = new SendWindowRule(SendWindowRule.AllDays, new TimeSpan(0, 30, 0), new TimeSpan(1, 30, 0));

        window.NextOpening(Zones.Utc(2026, 11, 1, 5, 45), Zones.NewYork).ShouldBe(Zones.Utc(2026, 11, 1, 6));
    }

    [Fact]
    public void NextOpening_HalfHourGap_OpensAtEndOfGap()
    {
        var window = new SendWindowRule(SendWindowRule.AllDays, TimeSpan.FromHours(2), TimeSpan.FromHours(4));

        window.NextOpening(Zones.Utc(2026, 10, 3, 14), Zones.LordHowe).ShouldBe(Zones.Utc(2026, 10, 3, 15, 30));
    }

    [Fact]
    public void Contains_SameInstantInOtherZone_Differs()
    {
        var instant = Zones.Utc(2026, 3, 3, 15);

        Office.Contains(instant, Zones.NewYork).ShouldBeTrue();
        Office.Contains(instant, Zones.Kolkata).ShouldBeFalse();
    }

    [Fact]
    public void Constructor_EndNotAfterStart_Throws()
    {
        Should.Throw<ArgumentException>(() => new SendWindowRule(SendWindowRule.AllDays, TimeSpan.FromHours(17), TimeSpan.FromHours(9)));
        Should.Throw<ArgumentException>(() => new SendWindowRule([], TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
    }

    [Fact]
    public void Equals_SameRuleBuiltTwice_IsEqual()
    {
        new SendWindowRule([DayOfWeek.Friday, DayOfWeek.Monday], TimeSpan.FromHours(9), TimeSpan.FromHours(17))
            .ShouldBe(new SendWindowRule([DayOfWeek.Monday, DayOfWeek.Friday], TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
    }
}
