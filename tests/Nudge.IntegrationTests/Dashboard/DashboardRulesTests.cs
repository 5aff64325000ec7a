using Nudge.Core.Replies;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>The inbound rules page over real HTTP: what the rules did with the latest inbound mail, and why.</summary>
public sealed class DashboardRulesTests : SignedInDashboardTests
{

    [Fact]
    public async Task Rules_Get_ListsEachDecisionWithItsOutcomeAndReason()
    {
        var mailbox = (await Server.Store.ListMailboxesAsync(Ct))[0];
        var at = Server.Time.GetUtcNow();
        await Server.Store.AddRuleReplyAsync(new RuleReply(0, "support-ack", mailbox.Id, "m1", "t1", "nora@brightdesk.example", "Nora",
            "Can't export", "<a@b>", null, at, RuleReplyState.Sent, at, "answered with 'acknowledge' in thread t1", "g1", at), Ct);
        await Server.Store.AddRuleReplyAsync(new RuleReply(0, "support-ack", mailbox.Id, "m2", "t1", "nora@brightdesk.example", "Nora",
            "Re: Can't export", "<c@d>", null, at, RuleReplyState.Skipped, at, "Auto-Submitted: auto-replied", null, at), Ct);

        var html = await Client.GetStringAsync("rules");

        html.ShouldContain("<h1>Inbound rules</h1>");
        html.ShouldContain("No rule is loaded in this process");
        html.ShouldContain("<span class=\"state\">sent</span>");
        html.ShouldContain("answered with &#x27;acknowledge&#x27; in thread t1");
        html.ShouldContain("<span class=\"state\">not answered</span>");
        html.ShouldContain("<td>Auto-Submitted: auto-replied</td>");
        html.ShouldContain($"<td>{mailbox.Email}</td>");
    }

    [Fact]
    public async Task Rules_Anonymous_RedirectsToLogin()
    {
        using var anonymous = Server.CreateClient();

        using var response = await anonymous.GetAsync("rules");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        response.Headers.Location.ShouldNotBeNull().ToString().ShouldContain("/login");
    }
}
