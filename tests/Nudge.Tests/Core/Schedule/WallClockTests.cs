using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Schedule;

public sealed class WallClockTests
{
    [Fact]
    public void ToInstant_OrdinaryTime_ConvertsWithTheOffset()
    {
        WallClock.ToInstant(new DateTime(2026, 7, 1, 9, 0, 0), Zones.Paris).ShouldBe(Zones.Utc(2026, 7, 1, 7));
    }

    [Fact]
    public void ToInstant_TimeInSpringGap_IsEndOfGap()
    {
        WallClock.ToInstant(new DateTime(2026, 3, 8, 2, 30, 0), Zones.NewYork).ShouldBe(Zones.Utc(2026, 3, 8, 7));
        WallClock.ToInstant(new DateTime(2026, 3, 29, 2, 15, 0), Zones.Paris).ShouldBe(Zones.Utc(2026, 3, 29, 1));
    }

    [Fact]
    public void ToInstant_AmbiguousTime_IsFirstOccurrence()
    {
        // 01:30 happens twice on 2026-11-01 in New York: first at EDT (−4), then at EST (−5).
        WallClock.ToInstant(new DateTime(2026, 11, 1, 1, 30, 0), Zones.NewYork).ShouldBe(Zones.Utc(2026, 11, 1, 5, 30));
    }

    [Fact]
    public void ToInstant_HalfHourGap_IsEndOfGap()
    {
        // Lord Howe goes from 02:00 (+10:30) to 02:30 (+11:00) on 2026-10-04.
        WallClock.ToInstant(new DateTime(2026, 10, 4, 2, 10, 0), Zones.LordHowe).ShouldBe(Zones.Utc(2026, 10, 3, 15, 30));
    }

    [Fact]
    public void ToInstant_Result_IsUtc()
    {
        WallClock.ToInstant(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Local), Zones.Kolkata).Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void AddLocalDays_Zero_LeavesSecondOccurrenceAlone()
    {
        var secondOneThirty = Zones.Utc(2026, 11, 1, 6, 30);

        WallClock.AddLocalDays(secondOneThirty, 0, Zones.NewYork).ShouldBe(secondOneThirty);
    }
}
