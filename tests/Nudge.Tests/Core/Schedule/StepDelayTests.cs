using Nudge.Core.Schedule;

namespace Nudge.Tests.Core.Schedule;

public sealed class StepDelayTests
{
    private static readonly IReadOnlySet<DateOnly> NoHolidays = new HashSet<DateOnly>();

    [Theory]
    [InlineData("0", 0, DelayUnit.Seconds)]
    [InlineData("10 seconds", 10, DelayUnit.Seconds)]
    [InlineData("2s", 2, DelayUnit.Seconds)]
    [InlineData("30 minutes", 30, DelayUnit.Minutes)]
    [InlineData("12h", 12, DelayUnit.Hours)]
    [InlineData("1 day", 1, DelayUnit.Days)]
    [InlineData("3 days", 3, DelayUnit.Days)]
    [InlineData("2 weeks", 2, DelayUnit.Weeks)]
    [InlineData("3 business days", 3, DelayUnit.BusinessDays)]
    [InlineData("1  Business  Day", 1, DelayUnit.BusinessDays)]
    public void TryParse_KnownForms_ReadsAmountAndUnit(string text, int amount, DelayUnit unit)
    {
        StepDelay.TryParse(text, out var delay).ShouldBeTrue();

        delay.ShouldBe(new StepDelay(amount, unit));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3 days")]
    [InlineData("3 fortnights")]
    [InlineData("3 businessdays")]
    [InlineData("1234567 days")]
    public void TryParse_Unknown_ReturnsFalse(string text)
    {
        StepDelay.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void AddTo_Hours_IsElapsedTimeAcrossDst()
    {
        // Saturday 22:00 EST + 12 h is 11:00 EDT on Sunday: one hour of the night does not exist.
        var delay = new StepDelay(12, DelayUnit.Hours);

        delay.AddTo(Zones.Utc(2026, 3, 8, 3), Zones.NewYork, NoHolidays).ShouldBe(Zones.Utc(2026, 3, 8, 15));
    }

    [Fact]
    public void AddTo_Days_KeepsLocalTimeAcrossDst()
    {
        // Friday 10:00 EST + 3 days is Monday 10:00 EDT: 71 elapsed hours.
        var delay = new StepDelay(3, DelayUnit.Days);

        delay.AddTo(Zones.Utc(2026, 3, 6, 15), Zones.NewYork, NoHolidays).ShouldBe(Zones.Utc(2026, 3, 9, 14));
    }

    [Fact]
    public void AddTo_DaysIntoGap_LandsAtEndOfGap()
    {
        // Saturday 02:30 EST + 1 day would be 02:30 on Sunday, which does not exist: 03:00 EDT.
        new StepDelay(1, DelayUnit.Days).AddTo(Zones.Utc(2026, 3, 7, 7, 30), Zones.NewYork, NoHolidays).ShouldBe(Zones.Utc(2026, 3, 8, 7));
    }

    [Fact]
    public void NominalDuration_BusinessDays_IsNull()
    {
        new StepDelay(2, DelayUnit.BusinessDays).NominalDuration.ShouldBeNull();
        new StepDelay(2, DelayUnit.Weeks).NominalDuration.ShouldBe(TimeSpan.FromDays(14));
    }

    [Theory]
    [InlineData(1, DelayUnit.BusinessDays, "1 business day")]
    [InlineData(3, DelayUnit.BusinessDays, "3 business days")]
    [InlineData(10, DelayUnit.Seconds, "10 seconds")]
    public void ToString_Delay_ReadsAsWritten(int amount, DelayUnit unit, string expected)
    {
        new StepDelay(amount, unit).ToString().ShouldBe(expected);
    }
}
