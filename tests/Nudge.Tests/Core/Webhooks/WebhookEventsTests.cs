using Nudge.Core.Webhooks;

namespace Nudge.Tests.Core.Webhooks;

public class WebhookEventsTests
{
    [Theory]
    [InlineData("replied", "replied")]
    [InlineData("bounced", "bounced")]
    [InlineData("unsubscribed", "unsubscribed")]
    [InlineData("completed", "completed")]
    [InlineData("failed", "failed")]
    [InlineData("stopped", "stopped")]
    [InlineData("sent", null)]
    [InlineData("skipped", null)]
    [InlineData("teammate-replied", null)]
    [InlineData("Replied", null)]
    public void TypeOf_TimelineKind_IsTheWebhookTypeOrNone(string kind, string? type)
    {
        WebhookEvents.TypeOf(kind).ShouldBe(type);
    }

    [Fact]
    public void JoinThenSplit_AnyOrder_KeepsTheDocumentedOrderOnce()
    {
        var stored = WebhookEvents.Join(["stopped", "replied", "stopped", "completed"]);

        stored.ShouldBe("replied,completed,stopped");
        WebhookEvents.Split(stored).ShouldBe(["replied", "completed", "stopped"]);
    }
}
