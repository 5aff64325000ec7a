using Nudge.Core.Quota;

namespace Nudge.Tests.Core.Quota;

public sealed class SendWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    [Theory]
    [InlineData(40, 0.9, 36)]
    [InlineData(500, 0.9, 450)]
    [InlineData(2_000, 0.9, 1_800)]
    [InlineData(10, 0.95, 9)]
    [InlineData(40, 1.0, 40)]
    public void Share_LimitAndSafetyShare_RoundsDown(int limit, double share, int expected)
    {
        SendWindow.Share(limit, share).ShouldBe(expected);
    }

    [Fact]
    public void FreesAt_FewerSendsThanTheShare_IsNull()
    {
        SendWindow.FreesAt([T0, T0.AddMinutes(1)], 3, Window).ShouldBeNull();
    }

    [Fact]
    public void FreesAt_FullWindow_IsAMillisecondAfterTheOldestSendLeavesIt()
    {
        SendWindow.FreesAt([T0, T0.AddMinutes(1), T0.AddMinutes(2)], 3, Window).ShouldBe(T0 + Window + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void FreesAt_OverfullWindowFromManualSends_WaitsForEnoughOldSendsToLeave()
    {
        // Five held, room for three: the two oldest must leave and then one more, so the third oldest decides.
        DateTimeOffset[] sends = [T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3), T0.AddMinutes(4)];

        SendWindow.FreesAt(sends, 3, Window).ShouldBe(T0.AddMinutes(2) + Window + TimeSpan.FromMilliseconds(1));
    }
}
