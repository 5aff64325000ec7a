using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Nudge.Core.Contacts;
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
    public async Task Leads_ManyMatches_PagesOfAHundredNewestFirstWithLinksKeepingTheFilter()
    {
        var ids = await ImportAsync(230, i => $"lead{i:D3}@{(i % 10 == 0 ? "initech" : "globex")}.example");
        var matching = ids.Where((_, i) => i % 10 != 0).Reverse().ToList();

        var first = await Client.GetStringAsync("leads?q=globex");
        var second = await Client.GetStringAsync("leads?q=globex&p=2");
        var third = await Client.GetStringAsync("leads?q=globex&p=3");

        first.ShouldContain("207 leads match the filter; page 1 of 3.");
        first.ShouldContain("<span>1–100 of 207</span>");
        first.ShouldContain("<a rel=\"next\" href=\"/leads?q=globex&amp;p=2\">");
        first.ShouldNotContain("rel=\"prev\"");
        RowIds(first).ShouldBe(matching.Take(100));
        second.ShouldContain("<span>101–200 of 207</span>");
        second.ShouldContain("<a rel=\"prev\" href=\"/leads?q=globex\">");
        second.ShouldContain("<a rel=\"next\" href=\"/leads?q=globex&amp;p=3\">");
        second.ShouldContain($"action=\"/leads?q=globex&amp;p=2&amp;id={matching[100]}&amp;handler=Pause\"");
        RowIds(second).ShouldBe(matching.Skip(100).Take(100));
        third.ShouldContain("<span>201–207 of 207</span>");
        third.ShouldNotContain("rel=\"next\"");
        RowIds(third).ShouldBe(matching.Skip(200));
        first.ShouldContain("Pause all 207");
    }

    [Fact]
    public async Task Pause_OneClickWithoutScriptOnALaterPage_ComesBackToThatPage()
    {
        var ids = await ImportAsync(150, i => $"lead{i:D3}@globex.example");

        using var response = await Client.PostFormAsync($"leads?handler=Pause&id={ids[0]}&q=globex&p=2", [], "leads?q=globex&p=2");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/leads?q=globex&p=2");
        (await Server.Store.GetEnrollmentAsync(ids[0], Ct))!.IsPaused.ShouldBeTrue();
    }

    [Fact]
    public async Task PauseAll_FilterOfManyPages_PausesEveryMatchNotOnlyThePageShown()
    {
        var ids = await ImportAsync(260, i => $"lead{i:D3}@{(i % 4 == 0 ? "initech" : "globex")}.example");
        var matching = ids.Where((_, i) => i % 4 != 0).ToList();
        (await Client.GetStringAsync("leads?q=globex&p=2")).ShouldContain("Pause all 195");

        using var response = await Client.PostFormAsync("leads?handler=PauseAll&q=globex&p=2", [], "leads?q=globex&p=2");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/leads?q=globex&paused=195");
        foreach (var id in ids)
        {
            var enrollment = (await Server.Store.GetEnrollmentAsync(id, Ct))!;
            enrollment.IsPaused.ShouldBe(matching.Contains(id));
        }

        var events = await Server.Store.ListEventsAsync(matching[^1], Ct);
        events.Where(e => e.Kind == "paused").ShouldHaveSingleItem().Detail.ShouldBe("paused from the dashboard by admin");
        var after = await Client.GetStringAsync(response.Headers.Location!.OriginalString.TrimStart('/'));
        after.ShouldContain("Paused 195 leads.");
        after.ShouldNotContain("Pause all");
        (await Client.GetStringAsync("leads?state=paused")).ShouldContain("195 leads match the filter; page 1 of 2.");
    }

    [Fact]
    public async Task Leads_UnknownState_ShowsNoLeadAndPausesNothing()
    {
        var id = await Server.EnrollAsync("ann@globex.example");

        var html = await Client.GetStringAsync("leads?state=running");
        using var response = await Client.PostFormAsync("leads?handler=PauseAll&state=running", [], "leads?state=running");

        html.ShouldContain("No lead here.");
        response.Headers.Location!.OriginalString.ShouldBe("/leads?state=running&paused=0");
        (await Server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
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

    /// <summary>The enrollment ids of the rows of a leads page, in the page's order.</summary>
    private static IEnumerable<long> RowIds(string html) =>
        Regex.Matches(html, "<tr id=\"lead-(\\d+)\">").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    /// <summary>Enrolls <paramref name="count"/> new contacts in <c>outreach</c> at once (one transaction); their ids, oldest first.</summary>
    private async Task<List<long>> ImportAsync(int count, Func<int, string> email)
    {
        var mailbox = (await Server.Store.ListMailboxesAsync(Ct))[0].Id;
        var now = Server.Time.GetUtcNow();
        var rows = Enumerable.Range(0, count)
            .Select(i => (new Contact(0, email(i), new Dictionary<string, string>()), (NewEnrollment?)new NewEnrollment(0, "outreach", mailbox, 1, now, now)))
            .ToList();
        return [.. (await Server.Store.ImportAsync(rows, Ct)).Select(r => r.EnrollmentId!.Value)];
    }
}
