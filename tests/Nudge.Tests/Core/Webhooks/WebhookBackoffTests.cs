using Nudge.Core.Webhooks;

namespace Nudge.Tests.Core.Webhooks;

public class WebhookBackoffTests
{
    private static readonly WebhookBackoff NoJitter = WebhookBackoff.Default with { Jitter = 0 };

    [Fact]
    public void DelayAfter_EachFailedAttempt_DoublesFrom30Seconds()
    {
        var delays = Enumerable.Range(1, 9).Select(a => NoJitter.DelayAfter(a, 0.5)!.Value.TotalSeconds).ToList();

        delays.ShouldBe([30, 60, 120, 240, 480, 960, 1920, 3840, 7680]);
    }

    [Fact]
    public void DelayAfter_TheTenthAttempt_GivesUp()
    {
        WebhookBackoff.Default.DelayAfter(10, 0.5).ShouldBeNull();
        WebhookBackoff.Default.DelayAfter(11, 0.5).ShouldBeNull();
    }

    [Fact]
    public void DelayAfter_ManyAttemptsAllowed_NeverWaitsMoreThanSixHours()
    {
        var patient = WebhookBackoff.Default with { MaxAttempts = 100 };

        patient.DelayAfter(12, 0.99).ShouldBe(TimeSpan.FromHours(6));
        patient.DelayAfter(99, 0.5).ShouldBe(TimeSpan.FromHours(6));
    }

    [Theory]
    [InlineData(0.0, 24)]
    [InlineData(0.5, 30)]
    [InlineData(0.999999, 36)]
    public void DelayAfter_Jitter_MovesTheWaitByUpToTwentyPercent(double random, double seconds)
    {
        WebhookBackoff.Default.DelayAfter(1, random)!.Value.TotalSeconds.ShouldBe(seconds, tolerance: 0.01);
    }
}
