using System.Net;
using System.Text.Json;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Web;

/// <summary><c>GET /api/v1/enrollments</c> with its filters and pages, and <c>POST …/stop</c>, over real HTTP.</summary>
public sealed class EnrollmentsListApiTests : KeyedApiTests
{
    [Fact]
    public async Task ListEnrollments_StateAndSequenceFilters_ListOnlyThoseOldestFirst()
    {
        var ann = await EnrollAsync("ann@globex.example");
        var bob = await EnrollAsync("bob@globex.example");
        var cleo = await EnrollAsync("cleo@globex.example");
        await Server.Store.StopEnrollmentAsync(bob, EnrollmentStatus.Replied, "reply from bob", Server.Time.GetUtcNow(), Ct);
        (await Http.PostAsync($"enrollments/{cleo}/pause", null, Ct)).EnsureSuccessStatusCode();

        (await IdsAsync("enrollments")).ShouldBe([ann, bob, cleo]);
        (await IdsAsync("enrollments?state=active")).ShouldBe([ann]);
        (await IdsAsync("enrollments?state=paused")).ShouldBe([cleo]);
        (await IdsAsync("enrollments?state=replied&sequence=outreach")).ShouldBe([bob]);
        (await IdsAsync("enrollments?sequence=onboarding")).ShouldBeEmpty();

        using var page = JsonDocument.Parse(await Http.GetStringAsync("enrollments?page=2&pageSize=2", Ct));
        page.RootElement.GetProperty("total").GetInt32().ShouldBe(3);
        var item = page.RootElement.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("id").GetInt64().ShouldBe(cleo);
        item.GetProperty("email").GetString().ShouldBe("cleo@globex.example");
        item.GetProperty("mailbox").GetString().ShouldBe(Server.Mailbox.Email);
        item.GetProperty("state").GetString().ShouldBe("paused");
        item.GetProperty("why").GetString().ShouldBe("paused through the API");
    }

    [Fact]
    public async Task StopEnrollment_Active_EndsItAsStoppedWritesTheTimelineAndRefusesAnyFurtherChange()
    {
        var ann = await EnrollAsync("ann@globex.example");
        Server.Time.Advance(TimeSpan.FromMinutes(3));

        using var stopped = await Http.PostAsync($"enrollments/{ann}/stop", null, Ct);
        using var again = await Http.PostAsync($"enrollments/{ann}/stop", null, Ct);
        using var resume = await Http.PostAsync($"enrollments/{ann}/resume", null, Ct);

        stopped.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var view = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync(Ct));
        view.RootElement.GetProperty("state").GetString().ShouldBe("stopped");
        view.RootElement.GetProperty("why").GetString().ShouldBe("stopped through the API");
        view.RootElement.GetProperty("nextDueAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var stored = (await Server.Store.GetEnrollmentAsync(ann, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(EnrollmentStatus.Stopped);
        stored.EndedAt.ShouldBe(Server.Time.GetUtcNow());
        (await Server.Store.ListEventsAsync(ann, Ct)).ShouldBe([new EnrollmentEvent(ann, Server.Time.GetUtcNow(), "stopped", "stopped through the API")]);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await NudgeApiTests.ProblemAsync(again, 409)).RootElement.GetProperty("detail").GetString()
            .ShouldBe($"enrollment {ann} has ended (stopped: stopped through the API)");
        resume.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await IdsAsync("enrollments?state=stopped")).ShouldBe([ann]);
    }

    [Fact]
    public async Task StopEnrollment_Paused_EndsItAndItIsNoLongerPaused()
    {
        var ann = await EnrollAsync("ann@globex.example");
        (await Http.PostAsync($"enrollments/{ann}/pause", null, Ct)).EnsureSuccessStatusCode();

        using var stopped = await Http.PostAsync($"enrollments/{ann}/stop", null, Ct);

        using var view = JsonDocument.Parse(await stopped.Content.ReadAsStringAsync(Ct));
        view.RootElement.GetProperty("state").GetString().ShouldBe("stopped");
        (await Server.Store.GetEnrollmentAsync(ann, Ct))!.IsPaused.ShouldBeFalse();
    }

    private async Task<long> EnrollAsync(string email)
    {
        using var response = await Http.PostAsync("enrollments",
            NudgeApiServer.Json($$"""{"email":"{{email}}","sequence":"outreach","fields":{"company":"Globex"} }"""), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return view.RootElement.GetProperty("id").GetInt64();
    }

    private async Task<List<long>> IdsAsync(string path)
    {
        using var page = JsonDocument.Parse(await Http.GetStringAsync(path, Ct));
        return [.. page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
    }
}
