using System.Net;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>The leads pages and the overview over real HTTP: listing, filters, one-click and bulk actions, the timeline.</summary>
public sealed class DashboardLeadsTests : IAsyncLifetime
{
    private DashboardServer _server = null!;
    private DashboardClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        _client = await _server.SetUpAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Leads_Get_ListsEachEnrollmentWithItsStepStateAndButtons()
    {
        var id = await _server.EnrollAsync("ann@globex.example");

        var html = await _client.GetStringAsync("leads");

        html.ShouldContain($"<tr id=\"lead-{id}\">");
        html.ShouldContain("<a href=\"/leads/" + id + "\">ann@globex.example</a>");
        html.ShouldContain("<td class=\"nowrap\">outreach</td>");
        html.ShouldContain("<td class=\"num\">1/2</td>");
        html.ShouldContain("2026-03-02 09:30 UTC");
        html.ShouldContain("<span class=\"state state-active\">active</span>");
        html.ShouldContain($"action=\"/leads?id={id}&amp;handler=Pause\"");
        html.ShouldContain($"data-swap=\"#lead-{id}\"");
        html.ShouldContain("data-confirm=\"Stop ann@globex.example in outreach?");
    }

    [Fact]
    public async Task Leads_Filters_ByStateSequenceAndEmail()
    {
        await _server.EnrollAsync("ann@globex.example");
        var bob = await _server.EnrollAsync("bob@initech.example");
        await _server.Store.PauseEnrollmentsAsync(bob, null, "holiday", _server.Time.GetUtcNow(), Ct);

        var paused = await _client.GetStringAsync("leads?state=paused");
        var search = await _client.GetStringAsync("leads?q=GLOBEX");
        var other = await _client.GetStringAsync("leads?sequence=onboarding");

        paused.ShouldContain("bob@initech.example");
        paused.ShouldContain("holiday");
        paused.ShouldNotContain("ann@globex.example");
        search.ShouldContain("ann@globex.example");
        search.ShouldNotContain("bob@initech.example");
        other.ShouldContain("No lead here.");
    }

    [Fact]
    public async Task Pause_OneClickWithoutScript_PausesAndComesBackToTheFilter()
    {
        var id = await _server.EnrollAsync("ann@globex.example");

        using var response = await _client.PostFormAsync($"leads?handler=Pause&id={id}&q=ann", [], "leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/leads?q=ann");
        var enrollment = (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.IsPaused.ShouldBeTrue();
        enrollment.PausedReason.ShouldBe(LeadBoard.PauseReason);
        EnrollmentStates.Name(enrollment).ShouldBe("paused");
        (await _server.Store.ListEventsAsync(id, Ct)).ShouldContain(e => e.Kind == "paused" && e.Detail == "paused from the dashboard by admin");
    }

    [Fact]
    public async Task Pause_OneClickWithScript_AnswersTheNewRowForTheTokenInTheHeader()
    {
        var id = await _server.EnrollAsync("ann@globex.example");
        var token = await _client.GetTokenAsync("leads");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"leads?id={id}&handler=Pause") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(NudgeDashboard.AntiforgeryHeaderName, token);
        request.Headers.Add(NudgeDashboard.FragmentHeaderName, "1");

        using var response = await _client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = (await response.Content.ReadAsStringAsync(Ct)).Trim();
        html.ShouldStartWith($"<tr id=\"lead-{id}\">");
        html.ShouldEndWith("</tr>");
        html.ShouldContain("<span class=\"state state-paused\">paused</span>");
        html.ShouldContain("handler=Resume");
        html.ShouldNotContain("handler=Pause\"");
        html.ShouldNotContain("<html");
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeTrue();
    }

    [Fact]
    public async Task Resume_OneClick_ResumesAPausedLead()
    {
        var id = await _server.EnrollAsync("ann@globex.example");
        await _server.Store.PauseEnrollmentsAsync(id, null, "holiday", _server.Time.GetUtcNow(), Ct);

        using var response = await _client.PostFormAsync($"leads?handler=Resume&id={id}", [], "leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
        (await _server.Store.ListEventsAsync(id, Ct)).ShouldContain(e => e.Kind == "resumed");
    }

    [Fact]
    public async Task Stop_OneClick_EndsTheLeadAsStoppedWithAnEvent()
    {
        var id = await _server.EnrollAsync("ann@globex.example");

        using var response = await _client.PostFormAsync($"leads?handler=Stop&id={id}", [], "leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var enrollment = (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.Status.ShouldBe(EnrollmentStatus.Stopped);
        enrollment.StatusReason.ShouldBe("stopped from the dashboard");
        enrollment.EndedAt.ShouldBe(_server.Time.GetUtcNow());
        var stopped = (await _server.Store.ListEventsAsync(id, Ct)).Where(e => e.Kind == "stopped").ShouldHaveSingleItem();
        stopped.At.ShouldBe(_server.Time.GetUtcNow());
        var html = await _client.GetStringAsync("leads");
        html.ShouldContain("<span class=\"state state-stopped\">stopped</span>");
        html.ShouldNotContain($"handler=Stop&amp;id={id}");
    }

    [Fact]
    public async Task PauseAll_Filter_PausesOnlyTheActiveLeadsItShows()
    {
        var ann = await _server.EnrollAsync("ann@globex.example");
        var amy = await _server.EnrollAsync("amy@globex.example");
        var bob = await _server.EnrollAsync("bob@initech.example");
        await _server.Store.StopEnrollmentAsync(amy, EnrollmentStatus.Replied, "replied", _server.Time.GetUtcNow(), Ct);
        (await _client.GetStringAsync("leads?q=globex")).ShouldContain("Pause all 1");

        using var response = await _client.PostFormAsync("leads?handler=PauseAll&q=globex", [], "leads?q=globex");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/leads?q=globex&paused=1");
        (await _server.Store.GetEnrollmentAsync(ann, Ct))!.IsPaused.ShouldBeTrue();
        (await _server.Store.GetEnrollmentAsync(amy, Ct))!.Status.ShouldBe(EnrollmentStatus.Replied);
        (await _server.Store.GetEnrollmentAsync(bob, Ct))!.IsPaused.ShouldBeFalse();
        (await _client.GetStringAsync(response.Headers.Location!.OriginalString.TrimStart('/'))).ShouldContain("Paused 1 lead.");
    }

    [Fact]
    public async Task Detail_Get_ShowsTheTimelineSendsAndButtons()
    {
        var id = await _server.EnrollAsync("ann@globex.example");
        await _server.Store.AddEventAsync(new EnrollmentEvent(id, _server.Time.GetUtcNow(), "note", "a <b>bold</b> detail"), Ct);

        var html = await _client.GetStringAsync($"leads/{id}");

        html.ShouldContain("ann@globex.example");
        html.ShouldContain("<span class=\"kind\">note</span> a &lt;b&gt;bold&lt;/b&gt; detail");
        html.ShouldContain("Nothing sent yet.");
        html.ShouldContain($"action=\"/leads/{id}?handler=Stop\"");
    }

    [Fact]
    public async Task Detail_StopPost_StopsAndComesBack()
    {
        var id = await _server.EnrollAsync("ann@globex.example");

        using var response = await _client.PostFormAsync($"leads/{id}?handler=Stop", [], $"leads/{id}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/leads/{id}");
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.Status.ShouldBe(EnrollmentStatus.Stopped);
        (await _client.GetStringAsync($"leads/{id}")).ShouldContain("stopped from the dashboard by admin");
    }

    [Fact]
    public async Task Detail_UnknownLead_Is404()
    {
        using var response = await _client.GetAsync("leads/999");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Overview_Get_ListsTheMailboxesAndLeadsPerState()
    {
        await _server.EnrollAsync("ann@globex.example");
        var bob = await _server.EnrollAsync("bob@initech.example");
        await _server.Store.PauseEnrollmentsAsync(bob, null, "holiday", _server.Time.GetUtcNow(), Ct);

        var html = await _client.GetStringAsync("");

        html.ShouldContain("<td>sam@acme.example</td>");
        html.ShouldContain("<span class=\"state state-active\">active</span>");
        html.ShouldContain("<a href=\"/leads?state=paused\"><span class=\"state state-paused\">paused</span></a>");
        html.ShouldNotContain("not yet");
    }

    [Theory]
    [InlineData("sequences", "Sequences")]
    [InlineData("mailboxes", "Mailboxes")]
    public async Task NavSection_NotBuiltYet_SaysSo(string path, string title)
    {
        var html = await _client.GetStringAsync(path);

        html.ShouldContain($"<h1>{title}</h1>");
        html.ShouldContain("not built yet");
        html.ShouldContain($"<a href=\"/{path}\" aria-current=\"page\">{title}</a>");
    }
}
