using Nudge.Core.Rules;

namespace Nudge.Tests.Core.Rules;

public class RuleScheduleTests
{
    private const string Window = "window: { days: mon-fri, hours: \"09:00-17:00\" }\ntimezone: Europe/Paris\n";

    [Theory]
    // 2026-03-02 is a Monday; Paris is UTC+1 until 29 March.
    [InlineData("2026-03-02T08:00:00Z", true)]
    [InlineData("2026-03-02T07:59:59Z", false)]
    [InlineData("2026-03-02T15:59:59Z", true)]
    [InlineData("2026-03-02T16:00:00Z", false)]
    [InlineData("2026-03-07T10:00:00Z", false)]
    // After the change to summer time Paris is UTC+2: 07:30 UTC is 09:30 there.
    [InlineData("2026-03-30T07:30:00Z", true)]
    [InlineData("2026-03-30T16:30:00+09:00", true)]
    public void Allows_Business_OnlyInsideTheWindowInTheRuleZone(string receivedAt, bool inside)
    {
        var at = DateTimeOffset.Parse(receivedAt, System.Globalization.CultureInfo.InvariantCulture);

        RuleSchedule.Allows(Rule("business"), at).ShouldBe(inside);
        RuleSchedule.Allows(Rule("outside"), at).ShouldBe(!inside);
        RuleSchedule.Allows(Rule(null), at).ShouldBeTrue();
    }

    [Fact]
    public void Allows_BusinessRuleBuiltWithoutWindow_Throws()
    {
        var rule = Rule(null) with { Hours = RuleHours.Business };

        Should.Throw<InvalidOperationException>(() => RuleSchedule.Allows(rule, DateTimeOffset.UnixEpoch))
            .Message.ShouldContain("rule 'test'");
    }

    private static InboundRule Rule(string? hours) =>
        RuleTemplates.Rule("name: test\nmailbox: support@acme.example\nmatch: { to: \"support@*\" }\ntemplate: acknowledge\n" +
                           (hours is null ? "" : $"hours: {hours}\n{Window}"));
}
