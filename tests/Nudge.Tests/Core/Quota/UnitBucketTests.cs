using Nudge.Core.Quota;

namespace Nudge.Tests.Core.Quota;

public sealed class UnitBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(GmailQuotaRegime.May2026, 6_000, 1_200, 80)]
    [InlineData(GmailQuotaRegime.Legacy, 15_000, 3_000, 200)]
    public void For_Regime_CapacityPlusAMinuteOfRefillIsThePerMinuteLimit(GmailQuotaRegime regime, int limit, double capacity, double perSecond)
    {
        var bucket = UnitBucket.For(regime);

        GmailQuotaCosts.UnitsPerMinute(regime).ShouldBe(limit);
        bucket.Capacity.ShouldBe(capacity, 1e-9);
        bucket.RefillPerSecond.ShouldBe(perSecond, 1e-9);
        (bucket.Capacity + (60 * bucket.RefillPerSecond)).ShouldBe(limit, 1e-9);
    }

    [Fact]
    public void Available_NeverCharged_IsFull()
    {
        UnitBucket.ForLimit(6_000).Available(null, null, T0).ShouldBe(1_200);
    }

    [Fact]
    public void Available_AfterTime_RefillsAtTheRateUpToTheCapacity()
    {
        var bucket = UnitBucket.ForLimit(6_000);

        bucket.Available(100, T0, T0.AddMilliseconds(1_500)).ShouldBe(220, 1e-9);
        bucket.Available(100, T0, T0.AddMinutes(5)).ShouldBe(1_200);
        bucket.Available(-50, T0, T0.AddSeconds(1)).ShouldBe(30, 1e-9);
    }

    [Fact]
    public void Available_ClockBehindTheLastCharge_RefillsNothing()
    {
        UnitBucket.ForLimit(6_000).Available(100, T0, T0.AddSeconds(-10)).ShouldBe(100);
    }

    [Fact]
    public void TimeUntil_Shortfall_IsTheRefillTimeRoundedUpToWholeMilliseconds()
    {
        var bucket = UnitBucket.ForLimit(6_000);

        bucket.TimeUntil(0, 120).ShouldBe(TimeSpan.FromMilliseconds(1_500));
        bucket.TimeUntil(119.99, 120).ShouldBe(TimeSpan.FromMilliseconds(1));
        bucket.TimeUntil(500, 120).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void TimeUntil_MoreThanTheCapacity_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => UnitBucket.ForLimit(100).TimeUntil(0, 21));
    }

    [Theory]
    [InlineData(120)]
    [InlineData(7)]
    [InlineData(1)]
    public void Available_GreedyCallerOverTenMinutes_NoSixtySecondWindowExceedsTheLimit(int callUnits)
    {
        // A caller that spends whenever it can, checked at every millisecond boundary it could choose.
        const int Limit = 6_000;
        var bucket = UnitBucket.ForLimit(Limit);
        double? tokens = null;
        DateTimeOffset? countedAt = null;
        var spends = new List<(DateTimeOffset At, int Units)>();
        var now = T0;
        while (now < T0.AddMinutes(10))
        {
            var available = bucket.Available(tokens, countedAt, now);
            if (available >= callUnits)
            {
                tokens = available - callUnits;
                countedAt = now;
                spends.Add((now, callUnits));
                continue;
            }

            now += bucket.TimeUntil(available, callUnits);
        }

        // Gmail's window: the calls in (t - 60 s, t], for every call's t (two pointers over the calls in time order).
        var worst = 0;
        var inWindow = 0;
        var oldest = 0;
        foreach (var (at, units) in spends)
        {
            inWindow += units;
            while (spends[oldest].At <= at.AddMinutes(-1))
            {
                inWindow -= spends[oldest++].Units;
            }

            worst = Math.Max(worst, inWindow);
        }

        worst.ShouldBeLessThanOrEqualTo(Limit);
        worst.ShouldBeGreaterThan(Limit * 9 / 10, "the bucket should not waste the quota either");
    }

    [Fact]
    public void Units_MethodCosts_MatchGmailFactsTable()
    {
        GmailQuotaCosts.Units(GmailCall.SendMessage, GmailQuotaRegime.May2026).ShouldBe(100);
        GmailQuotaCosts.Units(GmailCall.GetMessage, GmailQuotaRegime.Legacy).ShouldBe(5);
        GmailQuotaCosts.Units(GmailCall.GetMessage, GmailQuotaRegime.May2026).ShouldBe(20);
        GmailQuotaCosts.Units(GmailCall.GetThread, GmailQuotaRegime.Legacy).ShouldBe(10);
        GmailQuotaCosts.Units(GmailCall.GetThread, GmailQuotaRegime.May2026).ShouldBe(40);
        GmailQuotaCosts.Units(GmailCall.ListHistory, GmailQuotaRegime.May2026).ShouldBe(2);
        GmailQuotaCosts.Units(GmailCall.GetProfile, GmailQuotaRegime.May2026).ShouldBe(1);
        GmailQuotaCosts.Units(GmailCall.ListMessages, GmailQuotaRegime.May2026).ShouldBe(5);
    }
}
