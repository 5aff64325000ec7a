using System.Net;
using Microsoft.AspNetCore.Builder;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The overview's charts over real HTTP: the real host of <c>nudge serve</c> over the engine of <see cref="EngineHarness"/>
/// (a SQLite file, the worker, the Gmail sandbox, a fake clock), so that the sends counted are the worker's own. Each number
/// is read from the SVG's <c>&lt;title&gt;</c> texts, what a screen reader says.
/// </summary>
public sealed class DashboardOverviewTests : IAsyncLifetime
{
    private const string Password = DashboardServer.AdminPassword;

    private EngineHarness _harness = null!;
    private WebApplication _app = null!;
    private DashboardClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        _app = await _harness.StartWebHostAsync(Ct);
        _client = new DashboardClient(new Uri(_app.Urls.Single().TrimEnd('/') + "/"));
        using var response = await _client.PostFormAsync("setup", new() { ["username"] = "admin", ["password"] = Password, ["confirm"] = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Overview_AfterSendsAndAReply_ChartsEachStepOfTheFunnel()
    {
        var ann = await _harness.EnrollAsync("ann@globex.example", Fields("Ann"), Ct);
        await _harness.EnrollAsync("bob@initech.example", Fields("Bob"), Ct);
        await _harness.EnrollAsync("cleo@umbrella.example", Fields("Cleo"), Ct);
        var start = _harness.Time.GetUtcNow();
        await _harness.RunUntilAsync(start.AddHours(1), Ct);
        await _harness.DeliverReplyAsync(ann, "Ann Lee <ann@globex.example>", Ct);
        await _harness.RunUntilAsync(start.AddDays(3).AddHours(1), Ct);
        // Three days on the fake clock outlast the session (8 hours without a request): sign in again.
        using var signIn = await _client.SignInAsync("admin", Password);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var html = await _client.GetStringAsync("");

        html.ShouldContain("aria-label=\"Funnel of outreach: enrolled, sent per step, replied, bounced, unsubscribed, completed\"");
        html.ShouldContain("<title>enrolled: 3</title>");
        html.ShouldContain("<title>sent step 1: 3</title>");
        html.ShouldContain("<title>sent step 2: 2</title>");
        html.ShouldContain("<title>sent step 3: 0</title>");
        html.ShouldContain("<title>replied: 1</title>");
        html.ShouldContain("<title>bounced: 0</title>");
        html.ShouldContain("<title>unsubscribed: 0</title>");
        html.ShouldContain("<title>completed: 0</title>");
        html.ShouldNotContain("not yet");
    }

    [Fact]
    public async Task Overview_AfterSends_ChartsTheMailboxsSendsAgainstItsDailyLimit()
    {
        await _harness.EnrollAsync("ann@globex.example", Fields("Ann"), Ct);
        await _harness.EnrollAsync("bob@initech.example", Fields("Bob"), Ct);
        await _harness.RunUntilAsync(_harness.Time.GetUtcNow().AddHours(1), Ct);

        var html = await _client.GetStringAsync("");

        html.ShouldContain(
            "aria-label=\"sam@acme.example: sends in the last 24 hours against the daily limit, and quota units available\"");
        html.ShouldContain("<title>sends in 24 h: 2 of 500</title>");
        html.ShouldContain("<td class=\"num\">2 / 500</td>");
        html.ShouldContain("<title>quota units available: ");
        html.ShouldContain("<rect class=\"chart-bar good\"");
    }

    [Fact]
    public async Task Overview_PausedMailboxAndNoLead_SaysWhyAndChartsZeroes()
    {
        await _harness.Store.PauseMailboxAsync(_harness.Mailbox.Id, "Google refused the sign-in", _harness.Time.GetUtcNow(), Ct);

        var html = await _client.GetStringAsync("");

        html.ShouldContain("<span class=\"state state-paused\">paused</span>");
        html.ShouldContain("<td>Google refused the sign-in</td>");
        html.ShouldContain("<title>sends in 24 h: 0 of 500</title>");
        html.ShouldContain("<rect class=\"chart-bar muted\"");
        html.ShouldContain("<title>enrolled: 0</title>");
        html.ShouldContain("<title>sent step 1: 0</title>");
        html.ShouldContain("No lead is enrolled yet.");
    }

    private static Dictionary<string, string> Fields(string firstName) => new() { ["first_name"] = firstName, ["company"] = "Globex" };
}
