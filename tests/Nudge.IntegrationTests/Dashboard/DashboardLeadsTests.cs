using System.Net;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>The leads pages and the overview over real HTTP: listing, filters, one-click and bulk actions, the timeline.</summary>
public sealed class DashboardLeadsTests : SignedInDashboardTests
{

    [Fact]
    public async Task Leads_Get_ListsEachEnrollmentWithItsStepStateAndButtons()
    {
        var id = await Server.EnrollAsync("ann@globex.example");

        var html = await Client.GetStringAsync("leads");

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
        await Server.EnrollAsync("ann@globex.example");
        var bob = await Server.EnrollAsync("bob@initech.example");
        await Server.Store.PauseEnrollmentsAsync(bob, null, "holiday", Server.Time.GetUtcNow(), Ct);

        var paused = await Client.GetStringAsync("leads?state=paused");
        var search = await Client.GetStringAsync("leads?q=GLOBEX");
        var other = await Client.GetStringAsync("leads?sequence=onboarding");

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
        var id = await Server.EnrollAsync("ann@globex.example");

        using var response = await Client.PostFormAsync($"leads?handler=Pause&id={id}&q=ann", [], "leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/leads?q=ann");
        var enrollment = (await Server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.IsPaused.ShouldBeTrue();
        enrollment.PausedReason.ShouldBe(LeadBoard.PauseReason);
        EnrollmentStates.Name(enrollment).ShouldBe("paused");
        (await Server.Store.ListEventsAsync(id, Ct)).ShouldContain(e => e.Kind == "paused" && e.Detail == "paused from the dashboard by admin");
    }

    [Fact]
    public async Task Pause_OneClickWithScript_AnswersTheNewRowForTheTokenInTheHeader()
    {
        var id = await Server.EnrollAsync("ann@globex.example");
        var token = await Client.GetTokenAsync("leads");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"leads?id={id}&handler=Pause") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(NudgeDashboard.AntiforgeryHeaderName, token);
        request.Headers.Add(NudgeDashboard.FragmentHeaderName, "1");

        using var response = await Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = (await response.Content.ReadAsStringAsync(Ct)).Trim();
        html.ShouldStartWith($"<tr id=\"lead-{id}\">");
        html.ShouldEndWith("</tr>");
        html.ShouldContain("<span class=\"state state-paused\">paused</span>");
        html.ShouldContain("handler=Resume");
        html.ShouldNotContain("handler=Pause\"");
        html.ShouldNotContain("<html");
        (await Server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeTrue();
    }

    [Fact]
    public async Task Resume_OneClick_ResumesAPausedLead()
    {
        var id = await Server.EnrollAsync("ann@globex.example");
        await Server.Store.PauseEnrollmentsAsync(id, null, "holiday", Server.Time.GetUtcNow(), Ct);

        using var response = await Client.PostFormAsync($"leads?handler=Resume&id={id}", [], "leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
        (await Server.Store.ListEventsAsync(id, Ct)).ShouldContain(e => e.Kind == "resumed");
    }

    [Fact]
    public async Task Stop_OneClick_EndsTheLeadAsStoppedWithAnEvent()
    {
        var id = await Server.EnrollAsync("ann@globex.example");

        using var response = await Client.PostFormAsync($"leads?handler=Stop&id={id}", [], "leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var enrollment = (await Server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.Status.ShouldBe(EnrollmentStatus.Stopped);
        enrollment.StatusReason.ShouldBe("stopped from the dashboard");
        enrollment.EndedAt.ShouldBe(Server.Time.GetUtcNow());
        var stopped = (await Server.Store.ListEventsAsync(id, Ct)).Where(e => e.Kind == "stopped").ShouldHaveSingleItem();
        stopped.At.ShouldBe(Server.Time.GetUtcNow());
        var html = await Client.GetStringAsync("leads");
        html.ShouldContain("<span class=\"state state-stopped\">stopped</span>");
        html.ShouldNotContain($"handler=Stop&amp;id={id}");
    }

    [Fact]
    public async Task PauseAll_Filter_PausesOnlyTheActiveLeadsItShows()
    {
        var ann = await Server.EnrollAsync("ann@globex.example");
        var amy = await Server.EnrollAsync("amy@globex.example");
        var bob = await Server.EnrollAsync("bob@initech.example");
        await Server.Store.StopEnrollmentAsync(amy, EnrollmentStatus.Replied, "replied", Server.Time.GetUtcNow(), Ct);
        (await Client.GetStringAsync("leads?q=globex")).ShouldContain("Pause all 1");

        using var response = await Client.PostFormAsync("leads?handler=PauseAll&q=globex", [], "leads?q=globex");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/leads?q=globex&paused=1");
        (await Server.Store.GetEnrollmentAsync(ann, Ct))!.IsPaused.ShouldBeTrue();
        (await Server.Store.GetEnrollmentAsync(amy, Ct))!.Status.ShouldBe(EnrollmentStatus.Replied);
        (await Server.Store.GetEnrollmentAsync(bob, Ct))!.IsPaused.ShouldBeFalse();
        (await Client.GetStringAsync(response.Headers.Location!.OriginalString.TrimStart('/'))).ShouldContain("Paused 1 lead.");
    }

    [Fact]
    public async Task Detail_Get_ShowsTheTimelineSendsAndButtons()
    {
        var id = await Server.EnrollAsync("ann@globex.example");
        await Server.Store.AddEventAsync(new EnrollmentEvent(id, Server.Time.GetUtcNow(), "note", "a <b>bold</b> detail"), Ct);

        var html = await Client.GetStringAsync($"leads/{id}");

        html.ShouldContain("ann@globex.example");
        html.ShouldContain("<span class=\"kind\">note</span> a &lt;b&gt;bold&lt;/b&gt; detail");
        html.ShouldContain("Nothing sent yet.");
        html.ShouldContain($"action=\"/leads/{id}?handler=Stop\"");
    }

    [Fact]
    public async Task Detail_StopPost_StopsAndComesBack()
    {
        var id = await Server.EnrollAsync("ann@globex.example");

        using var response = await Client.PostFormAsync($"leads/{id}?handler=Stop", [], $"leads/{id}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/leads/{id}");
        (await Server.Store.GetEnrollmentAsync(id, Ct))!.Status.ShouldBe(EnrollmentStatus.Stopped);
        (await Client.GetStringAsync($"leads/{id}")).ShouldContain("stopped from the dashboard by admin");
    }

    [Fact]
    public async Task Detail_UnknownLead_Is404()
    {
        using var response = await Client.GetAsync("leads/999");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Overview_Get_ListsTheMailboxesAndLeadsPerState()
    {
        await Server.EnrollAsync("ann@globex.example");
        var bob = await Server.EnrollAsync("bob@initech.example");
        await Server.Store.PauseEnrollmentsAsync(bob, null, "holiday", Server.Time.GetUtcNow(), Ct);

        var html = await Client.GetStringAsync("");

        html.ShouldContain("<td>sam@acme.example</td>");
        html.ShouldContain("<span class=\"state state-active\">active</span>");
        html.ShouldContain("<a href=\"/leads?state=paused\"><span class=\"state state-paused\">paused</span></a>");
        html.ShouldNotContain("not yet");
    }
}
