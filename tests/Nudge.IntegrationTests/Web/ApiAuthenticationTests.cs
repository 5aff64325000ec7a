using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// Who may call the API (<c>/api/v1</c>): API keys of the store, revoked at once; the static token of
/// <c>nudge run --listen</c>; nobody else. And what every refusal and mistake looks like: an RFC 9457 problem.
/// </summary>
public sealed class ApiAuthenticationTests : IAsyncLifetime
{
    private NudgeApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await NudgeApiServer.StartAsync(token: "static-t0ken", Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApiKey_RevokedInTheStore_IsRefusedAtTheNextRequest()
    {
        var (key, id) = await _server.CreateApiKeyAsync("billing system", Ct);
        using var http = _server.CreateClient("Bearer " + key);

        using var before = await http.GetAsync("enrollments", Ct);
        (await _server.Store.RevokeApiKeyAsync(id, _server.Time.GetUtcNow(), Ct)).ShouldBeTrue();
        using var after = await http.GetAsync("enrollments", Ct);

        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var problem = await NudgeApiTests.ProblemAsync(after, 401);
        problem.RootElement.GetProperty("type").GetString().ShouldBe("urn:nudge:problem:unauthorized");
        problem.RootElement.GetProperty("detail").GetString().ShouldBe($"the API key {key[..10]}… was revoked");
    }

    [Fact]
    public async Task ApiKey_ManyRequests_LastUsedIsWrittenAtMostOnceAMinute()
    {
        var (key, id) = await _server.CreateApiKeyAsync("crm", Ct);
        using var http = _server.CreateClient("Bearer " + key);
        var t0 = _server.Time.GetUtcNow();

        (await http.GetAsync("stats", Ct)).EnsureSuccessStatusCode();
        _server.Time.Advance(TimeSpan.FromSeconds(59));
        (await http.GetAsync("stats", Ct)).EnsureSuccessStatusCode();
        var afterSecond = await LastUsedAsync(id);
        _server.Time.Advance(TimeSpan.FromSeconds(2));
        (await http.GetAsync("stats", Ct)).EnsureSuccessStatusCode();

        afterSecond.ShouldBe(t0);
        (await LastUsedAsync(id)).ShouldBe(t0.AddSeconds(61));
    }

    [Theory]
    [InlineData("Bearer static-t0ken")]
    [InlineData("bearer static-t0ken")]
    [InlineData("Bearer   static-t0ken  ")]
    public async Task StaticToken_AnyCaseOfTheScheme_OpensTheApi(string authorization)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await http.GetAsync("suppressions", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiKey_AlteredOrUnknownOrInAnotherScheme_Is401()
    {
        var (key, _) = await _server.CreateApiKeyAsync("crm", Ct);
        var altered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

        foreach (var authorization in new[] { "Bearer " + altered, "Bearer nk_" + new string('x', 43), "Basic " + key, key, "Bearer" })
        {
            using var http = new HttpClient { BaseAddress = _server.BaseAddress };
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

            using var response = await http.GetAsync("stats", Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, authorization);
            using var problem = await NudgeApiTests.ProblemAsync(response, 401);
            problem.RootElement.GetProperty("detail").GetString().ShouldBe("missing or wrong bearer token (Authorization: Bearer <token>)");
        }
    }

    [Fact]
    public async Task UnknownRoute_WithAKey_Is404ProblemAndWithoutOne401()
    {
        var (key, _) = await _server.CreateApiKeyAsync("crm", Ct);
        using var authorized = _server.CreateClient("Bearer " + key);
        using var anonymous = _server.CreateClient(null);

        using var found = await authorized.GetAsync("no/such/thing", Ct);
        using var notANumber = await authorized.GetAsync("enrollments/abc", Ct);
        using var refused = await anonymous.GetAsync("no/such/thing", Ct);

        found.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await NudgeApiTests.ProblemAsync(found, 404)).RootElement.GetProperty("detail").GetString().ShouldBe(
            "no endpoint /api/v1/no/such/thing: see /api/v1/openapi.json");
        notANumber.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "an unknown route says nothing to a caller without a key");
    }

    [Theory]
    [InlineData("enrollments?page=abc", "page")]
    [InlineData("enrollments?page=0", "page")]
    [InlineData("enrollments?pageSize=201", "pageSize")]
    [InlineData("contacts?pageSize=-1", "pageSize")]
    [InlineData("enrollments?state=sleeping", "state")]
    public async Task QueryParameter_OutOfRange_Is400ProblemNamingIt(string path, string field)
    {
        using var http = _server.CreateClient("Bearer static-t0ken");

        using var response = await http.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = await NudgeApiTests.ProblemAsync(response, 400);
        problem.RootElement.GetProperty("field").GetString().ShouldBe(field);
        problem.RootElement.GetProperty("errors").EnumerateObject().Single().Name.ShouldBe(field);
    }

    [Fact]
    public async Task Problem_AnyError_HasTheRfc9457MembersAndNothingNullInIt()
    {
        using var http = _server.CreateClient("Bearer static-t0ken");

        using var response = await http.PostAsync("suppressions", NudgeApiServer.Json("{}"), Ct);

        response.Content.Headers.ContentType.ShouldBe(MediaTypeHeaderValue.Parse("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["type", "title", "status", "detail", "field", "errors"]);
        problem.RootElement.GetProperty("type").GetString().ShouldBe("urn:nudge:problem:invalid-request");
        problem.RootElement.GetProperty("title").GetString().ShouldBe("The request is not valid");
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400);
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("value is required: an address or a domain");
        problem.RootElement.GetProperty("field").GetString().ShouldBe("value");
    }

    [Fact]
    public async Task Endpoint_StoreFails_Is500ProblemThatTellsNothingOfTheInternals()
    {
        var failing = FailingStore.Over(_server.Store, nameof(Nudge.Core.Abstractions.IEngineStore.ListSuppressionsAsync));
        var enroller = new Nudge.Core.Enrolling.Enroller(failing, new Nudge.Core.Sequences.SequenceCatalog([]), null, _server.Time);
        await using var broken = await NudgeApiServer.StartAsync(failing, enroller, _server.Mailbox, _server.Time,
            new Nudge.Web.Api.NudgeApiOptions { Token = "t0ken" }, Ct);
        using var http = broken.CreateClient("Bearer t0ken");

        using var response = await http.GetAsync("suppressions", Ct);
        using var stillServing = await http.GetAsync("stats", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        using var problem = await NudgeApiTests.ProblemAsync(response, 500);
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("the server failed to answer; the error is in its log");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("/var/lib");
        stillServing.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<DateTimeOffset?> LastUsedAsync(long id) => (await _server.Store.ListApiKeysAsync(Ct)).Single(k => k.Id == id).LastUsedAt;
}
