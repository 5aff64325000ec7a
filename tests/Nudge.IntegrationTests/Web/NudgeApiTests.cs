using System.Net;
using System.Text.Json;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The HTTP API's enrollment trigger (<c>/api/v1/enrollments</c>) over real HTTP on loopback, with the static token of
/// <c>nudge run --listen</c>; every error is an RFC 9457 problem.
/// </summary>
public sealed class NudgeApiTests : IAsyncLifetime
{
    private const string Token = "k3y-for-tests";
    private const string Bearer = "Bearer " + Token;
    private const string AnnBody = """{"email":"ann@globex.example","sequence":"outreach","fields":{"first_name":"Ann","company":"Globex"}}""";

    private NudgeApiServer _server = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await NudgeApiServer.StartAsync(Token, Ct);
        _http = _server.CreateClient(Bearer);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer k3y-for-tests-and-more")]
    [InlineData("Bearer k3y-for-test")]
    [InlineData("Basic k3y-for-tests")]
    public async Task AnyEndpoint_MissingOrWrongToken_Is401AndChangesNothing(string? authorization)
    {
        var (id, _) = await PostAsync(AnnBody);
        using var http = _server.CreateClient(authorization);

        using var post = await http.PostAsync("enrollments", NudgeApiServer.Json(AnnBody.Replace("ann@", "bob@", StringComparison.Ordinal)), Ct);
        using var get = await http.GetAsync($"enrollments/{id}", Ct);
        using var pause = await http.PostAsync($"enrollments/{id}/pause", null, Ct);

        foreach (var response in new[] { post, get, pause })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ShouldHaveSingleItem().Scheme.ShouldBe("Bearer");
            using var error = await ProblemAsync(response, 401);
            error.RootElement.GetProperty("detail").GetString().ShouldBe("missing or wrong bearer token (Authorization: Bearer <token>)");
        }

        (await _server.Store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
    }

    [Fact]
    public async Task AnyEndpoint_NoTokenConfigured_RefusesEveryRequest()
    {
        await using var open = await NudgeApiServer.StartAsync(token: null, Ct);
        using var http = open.CreateClient("Bearer ");

        using var post = await http.PostAsync("enrollments", NudgeApiServer.Json(AnnBody), Ct);

        post.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await open.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostEnrollment_Valid_Is201WithTheEnrollmentAndStoresTheContact()
    {
        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json(AnnBody), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var view = json.RootElement;
        view.EnumerateObject().Select(p => p.Name)
            .ShouldBe(["id", "contactId", "email", "sequence", "mailbox", "nextStep", "nextDueAt", "state", "why", "threadId"]);
        var contact = (await _server.Store.FindContactByAddressAsync("ann@globex.example", Ct)).ShouldNotBeNull();
        var enrollment = (await _server.Store.ListEnrollmentsForContactAsync(contact.Id, Ct)).ShouldHaveSingleItem();
        view.GetProperty("id").GetInt64().ShouldBe(enrollment.Id);
        view.GetProperty("contactId").GetInt64().ShouldBe(contact.Id);
        view.GetProperty("email").GetString().ShouldBe("ann@globex.example");
        view.GetProperty("sequence").GetString().ShouldBe("outreach");
        view.GetProperty("mailbox").GetString().ShouldBe(_server.Mailbox.Email);
        view.GetProperty("nextStep").GetInt32().ShouldBe(1);
        view.GetProperty("nextDueAt").GetDateTimeOffset().ShouldBe(_server.Time.GetUtcNow(), "step 1 waits 0");
        view.GetProperty("state").GetString().ShouldBe("active");
        view.GetProperty("why").ValueKind.ShouldBe(JsonValueKind.Null);
        view.GetProperty("threadId").ValueKind.ShouldBe(JsonValueKind.Null);
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Ann", ["company"] = "Globex" }, ignoreOrder: true);
    }

    [Fact]
    public async Task PostEnrollment_Again_Is200WithTheSameEnrollment()
    {
        var (first, created) = await PostAsync(AnnBody);
        _server.Time.Advance(TimeSpan.FromMinutes(5));

        var (again, status) = await PostAsync(AnnBody.Replace("ann@globex.example", "ANN@Globex.example", StringComparison.Ordinal));

        created.ShouldBe(HttpStatusCode.Created);
        status.ShouldBe(HttpStatusCode.OK);
        again.ShouldBe(first);
        (await _server.Store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem();
        (await _server.Store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task PostEnrollment_AgainWithoutFields_KeepsTheContactsFields()
    {
        await PostAsync(AnnBody);

        // A webhook delivered again, or an enrollment in another sequence, that carries no fields.
        var (_, status) = await PostAsync("""{"email":"ann@globex.example","sequence":"outreach"}""");

        status.ShouldBe(HttpStatusCode.OK);
        var contact = (await _server.Store.FindContactByAddressAsync("ann@globex.example", Ct)).ShouldNotBeNull();
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Ann", ["company"] = "Globex" }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("""{"sequence":"outreach"}""")]
    [InlineData("""{"email":"","sequence":"outreach"}""")]
    [InlineData("""{"email":"   ","sequence":"outreach"}""")]
    [InlineData("""{"email":null,"sequence":"outreach"}""")]
    [InlineData("null")]
    public async Task PostEnrollment_NoEmail_Is400NamingEmail(string body)
    {
        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var error = await ProblemAsync(response, 400);
        error.RootElement.GetProperty("field").GetString().ShouldBe("email");
        error.RootElement.GetProperty("detail").GetString().ShouldBe("email is required");
        error.RootElement.GetProperty("errors").GetProperty("email").EnumerateArray().Single().GetString().ShouldBe("email is required");
        (await _server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostEnrollment_NoSequence_Is400NamingSequence()
    {
        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json("""{"email":"ann@globex.example"}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var error = await ProblemAsync(response, 400);
        error.RootElement.GetProperty("field").GetString().ShouldBe("sequence");
    }

    [Theory]
    [InlineData("""{"email":"ann@globex.example","sequence":"outreach" """)]
    [InlineData("")]
    [InlineData("email=ann@globex.example&sequence=outreach")]
    [InlineData("[1,2]")]
    [InlineData("""{"email":"ann@globex.example","sequence":"outreach","fields":{"seats":12}}""")]
    public async Task PostEnrollment_MalformedJson_Is400AndStoresNothing(string body)
    {
        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var error = await ProblemAsync(response, 400);
        error.RootElement.GetProperty("detail").GetString().ShouldNotBeNull().ShouldStartWith("the body is not valid JSON: ");
        (await _server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostEnrollment_SuppressedAddress_Is422WithTheReason()
    {
        await _server.Store.AddSuppressionAsync(Suppression.Parse("globex.example", "asked us to stop", _server.Time.GetUtcNow()), Ct);

        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json(AnnBody), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var error = await ProblemAsync(response, 422);
        error.RootElement.GetProperty("detail").GetString().ShouldBe("ann@globex.example is on the suppression list (globex.example: asked us to stop)");
        error.RootElement.GetProperty("field").GetString().ShouldBe("email");
        (await _server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
        (await _server.Store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"email":"ann@globex.example","sequence":"nosuch"}""", "sequence: no sequence named 'nosuch' is loaded", "sequence")]
    [InlineData("""{"email":"ann-at-globex","sequence":"outreach"}""", "email 'ann-at-globex' is not a valid address", "email")]
    public async Task PostEnrollment_CannotBeEnrolled_Is422WithTheReason(string body, string reason, string field)
    {
        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var error = await ProblemAsync(response, 422);
        error.RootElement.GetProperty("detail").GetString().ShouldBe(reason);
        error.RootElement.GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task GetEnrollment_Known_Is200WithTheView()
    {
        var (id, _) = await PostAsync(AnnBody);

        using var response = await _http.GetAsync($"enrollments/{id}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("id").GetInt64().ShouldBe(id);
        json.RootElement.GetProperty("email").GetString().ShouldBe("ann@globex.example");
        json.RootElement.GetProperty("state").GetString().ShouldBe("active");
    }

    [Theory]
    [InlineData("GET", "enrollments/999")]
    [InlineData("POST", "enrollments/999/pause")]
    [InlineData("POST", "enrollments/999/resume")]
    [InlineData("POST", "enrollments/999/stop")]
    public async Task Enrollment_Unknown_Is404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await _http.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var error = await ProblemAsync(response, 404);
        error.RootElement.GetProperty("detail").GetString().ShouldBe("no enrollment 999");
    }

    [Fact]
    public async Task PauseThenResume_ChangesTheStateAndKeepsTheStep()
    {
        var (id, _) = await PostAsync(AnnBody);

        using var paused = await _http.PostAsync($"enrollments/{id}/pause", null, Ct);
        using var pausedView = JsonDocument.Parse(await paused.Content.ReadAsStringAsync(Ct));
        var stored = await _server.Store.GetEnrollmentAsync(id, Ct);
        using var resumed = await _http.PostAsync($"enrollments/{id}/resume", null, Ct);
        using var resumedView = JsonDocument.Parse(await resumed.Content.ReadAsStringAsync(Ct));

        paused.StatusCode.ShouldBe(HttpStatusCode.OK);
        pausedView.RootElement.GetProperty("state").GetString().ShouldBe("paused");
        pausedView.RootElement.GetProperty("why").GetString().ShouldBe("paused through the API");
        pausedView.RootElement.GetProperty("nextStep").GetInt32().ShouldBe(1);
        stored!.IsPaused.ShouldBeTrue();
        stored.PausedAt.ShouldBe(_server.Time.GetUtcNow());
        resumed.StatusCode.ShouldBe(HttpStatusCode.OK);
        resumedView.RootElement.GetProperty("state").GetString().ShouldBe("active");
        resumedView.RootElement.GetProperty("why").ValueKind.ShouldBe(JsonValueKind.Null);
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
        (await _server.Store.ListEventsAsync(id, Ct)).Select(e => (e.Kind, e.Detail))
            .ShouldBe([("paused", "paused through the API"), ("resumed", "resumed through the API")]);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task PauseOrResume_EndedEnrollment_Is409(string action)
    {
        var (id, _) = await PostAsync(AnnBody);
        (await _server.Store.StopEnrollmentAsync(id, EnrollmentStatus.Replied, "replied to step 1", _server.Time.GetUtcNow(), Ct)).ShouldBeTrue();

        using var response = await _http.PostAsync($"enrollments/{id}/{action}", null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var error = await ProblemAsync(response, 409);
        error.RootElement.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain($"enrollment {id} has ended");
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
    }

    [Fact]
    public async Task GetEnrollment_Ended_StateIsNamedAsNudgeStatusNamesIt()
    {
        var (id, _) = await PostAsync(AnnBody);
        await _server.Store.StopEnrollmentAsync(id, EnrollmentStatus.StoppedByTeammate, "sam answered by hand", _server.Time.GetUtcNow(), Ct);

        using var response = await _http.GetAsync($"enrollments/{id}", Ct);

        // "active" and "paused" are lower-case; an ended state must be spelled the same way (nudge status: "stopped-by-teammate").
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("why").GetString().ShouldBe("sam answered by hand");
        json.RootElement.GetProperty("state").GetString().ShouldBe("stopped-by-teammate");
    }

    /// <summary>The body of an error answer, checked to be an RFC 9457 problem of <paramref name="status"/>.</summary>
    internal static async Task<JsonDocument> ProblemAsync(HttpResponseMessage response, int status)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(status);
        problem.RootElement.GetProperty("type").GetString().ShouldNotBeNull().ShouldStartWith("urn:nudge:problem:");
        problem.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    private async Task<(long Id, HttpStatusCode Status)> PostAsync(string body)
    {
        using var response = await _http.PostAsync("enrollments", NudgeApiServer.Json(body), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("id").GetInt64(), response.StatusCode);
    }
}
