using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The API as the real host serves it (<see cref="ApiHost"/>, for <c>nudge serve</c> and <c>nudge run --listen</c>),
/// beside the dashboard: the same answers as <see cref="NudgeApiServer"/>'s host, and its OpenAPI document.
/// </summary>
public sealed class ApiHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiHost_WithTheDashboard_ServesTheApiItsDocumentAndProblems()
    {
        await using var ws = CliWorkspace.Create();
        await ws.WriteOutreachAsync();
        await ws.AddMailboxAsync();
        var store = await ws.OpenStoreAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        var catalog = new SequenceCatalog(await SequenceFile.LoadDirectoryAsync(ws.Sequences, Ct));
        await using var app = await ApiHost.StartAsync(
            new ApiHostSettings("http://127.0.0.1:0", store, new Enroller(store, catalog, null, time), time)
            {
                ApiToken = "t0ken",
                Sequences = catalog,
                DashboardKeysDirectory = Path.Combine(ws.Dir, "keys"),
            },
            Ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/api/v1/") };

        using var anonymous = await http.GetAsync("enrollments", Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        using var enrolled = await http.PostAsync("enrollments",
            NudgeApiServer.Json("""{"email":"ann@globex.example","sequence":"outreach","fields":{"company":"Globex"}}"""), Ct);
        using var document = await http.GetAsync("openapi.json", Ct);
        using var missing = await http.GetAsync("enrollments/999", Ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the API's key, not the dashboard's login page");
        await NudgeApiTests.ProblemAsync(anonymous, 401);
        enrolled.StatusCode.ShouldBe(HttpStatusCode.Created);
        document.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var openApi = JsonDocument.Parse(await document.Content.ReadAsStringAsync(Ct));
        openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ShouldAllBe(p => p.StartsWith("/api/v1/"));
        openApi.RootElement.GetProperty("paths").TryGetProperty("/api/v1/enrollments/{id}/stop", out _).ShouldBeTrue();
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await NudgeApiTests.ProblemAsync(missing, 404);
    }
}
