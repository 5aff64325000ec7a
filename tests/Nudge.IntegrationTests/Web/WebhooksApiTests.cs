using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Nudge.Core.Enrollments;
using Nudge.Core.Webhooks;
using Nudge.Web.Webhooks;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// Webhooks out over real HTTP: registered through <c>/api/v1/webhooks</c>, delivered by the <see cref="WebhookDispatcher"/>
/// to a receiver on loopback, signed, retried with backoff on the fake clock, and logged.
/// </summary>
public sealed class WebhooksApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private NudgeApiServer _server = null!;
    private WebhookReceiver _receiver = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await NudgeApiServer.StartAsync(token: null, Ct);
        _receiver = await WebhookReceiver.StartAsync(Ct);
        var (key, _) = await _server.CreateApiKeyAsync("crm", Ct);
        _http = _server.CreateClient("Bearer " + key);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CreateWebhook_Valid_Is201WithTheSecretOnceAndListedWithoutIt()
    {
        using var created = await _http.PostAsync("webhooks", NudgeApiServer.Json($$"""{"url":"{{_receiver.Url}}","events":["replied","bounced"]}"""), Ct);
        using var allEvents = await _http.PostAsync("webhooks", NudgeApiServer.Json("""{"url":"https://crm.example/hook"}"""), Ct);
        using var list = JsonDocument.Parse(await _http.GetStringAsync("webhooks", Ct));

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var view = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct));
        view.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "url", "events", "createdAt", "secret"]);
        view.RootElement.GetProperty("secret").GetString().ShouldNotBeNull().ShouldStartWith("whsec_");
        view.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(["replied", "bounced"]);
        using var defaults = JsonDocument.Parse(await allEvents.Content.ReadAsStringAsync(Ct));
        defaults.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(WebhookEvents.All);
        list.RootElement.GetArrayLength().ShouldBe(2);
        list.RootElement.EnumerateArray().Where(w => w.TryGetProperty("secret", out _)).ShouldBeEmpty();
        var id = view.RootElement.GetProperty("id").GetInt64();
        using var one = JsonDocument.Parse(await _http.GetStringAsync($"webhooks/{id}", Ct));
        one.RootElement.GetProperty("url").GetString().ShouldBe(_receiver.Url);
        one.RootElement.TryGetProperty("secret", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"url":"ftp://crm.example/hook"}""", "url", 422)]
    [InlineData("""{"url":"/relative/hook"}""", "url", 422)]
    [InlineData("""{"url":"https://user:pw@crm.example/hook"}""", "url", 422)]
    [InlineData("""{"events":["replied"]}""", "url", 400)]
    [InlineData("""{"url":"https://crm.example/hook","events":["replied","opened"]}""", "events", 422)]
    [InlineData("""{"url":"https://crm.example/hook","events":[]}""", "events", 422)]
    public async Task CreateWebhook_Invalid_IsRefusedNamingTheField(string body, string field, int status)
    {
        using var response = await _http.PostAsync("webhooks", NudgeApiServer.Json(body), Ct);

        ((int)response.StatusCode).ShouldBe(status);
        (await NudgeApiTests.ProblemAsync(response, status)).RootElement.GetProperty("field").GetString().ShouldBe(field);
        (await _server.Store.ListWebhooksAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatcher_Receiver500ThenOk_RetriesAfterTheBackoffWithTheSameDeliveryAndAValidSignature()
    {
        var (webhookId, secret) = await CreateWebhookAsync(_receiver.Url, "stopped", "replied");
        var ann = await EnrollAsync("ann@globex.example");
        var dispatcher = new WebhookDispatcher(_server.Store, _server.Time, random: new Random(7));
        (await _http.PostAsync($"enrollments/{ann}/stop", null, Ct)).EnsureSuccessStatusCode();
        var stoppedAt = _server.Time.GetUtcNow();
        _receiver.AnswerNext(500);

        var first = await dispatcher.RunOnceAsync(Ct);
        var afterFirst = (await DeliveriesAsync(webhookId)).Single();
        _server.Time.Advance(TimeSpan.FromSeconds(20));
        var tooEarly = await dispatcher.RunOnceAsync(Ct);
        _server.Time.Advance(TimeSpan.FromSeconds(20));
        var second = await dispatcher.RunOnceAsync(Ct);

        first.ShouldBe(new WebhookRound(1, 0, 1, 0));
        afterFirst.GetProperty("state").GetString().ShouldBe("pending");
        afterFirst.GetProperty("attempts").GetInt32().ShouldBe(1);
        afterFirst.GetProperty("lastStatus").GetInt32().ShouldBe(500);
        afterFirst.GetProperty("lastError").GetString().ShouldBe("HTTP 500 InternalServerError");
        (afterFirst.GetProperty("nextAttemptAt").GetDateTimeOffset() - stoppedAt).ShouldBeInRange(TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
        tooEarly.ShouldBe(new WebhookRound(0, 0, 0, 0));
        second.ShouldBe(new WebhookRound(0, 1, 0, 0));

        var received = _receiver.Received;
        received.Count.ShouldBe(2);
        received.Select(r => r.Delivery).Distinct().ShouldHaveSingleItem().ShouldBe(afterFirst.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        received.Select(r => r.Body).Distinct().ShouldHaveSingleItem("every attempt sends the same bytes");
        received[0].ContentType.ShouldBe("application/json; charset=utf-8");
        WebhookSignature.Verify(received[0].Signature, secret, received[0].Body, stoppedAt, Tolerance).ShouldBeTrue();
        WebhookSignature.Verify(received[1].Signature, secret, received[1].Body, _server.Time.GetUtcNow(), Tolerance).ShouldBeTrue();
        received[1].Signature.ShouldNotBe(received[0].Signature, "each attempt is signed at its own time");
        WebhookSignature.Verify(received[0].Signature, "whsec_wrong", received[0].Body, stoppedAt, Tolerance).ShouldBeFalse();

        using var payload = JsonDocument.Parse(received[0].Body);
        payload.RootElement.GetProperty("type").GetString().ShouldBe("stopped");
        payload.RootElement.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(stoppedAt);
        payload.RootElement.GetProperty("detail").GetString().ShouldBe("stopped through the API");
        var enrollment = payload.RootElement.GetProperty("enrollment");
        enrollment.GetProperty("id").GetInt64().ShouldBe(ann);
        enrollment.GetProperty("email").GetString().ShouldBe("ann@globex.example");
        enrollment.GetProperty("sequence").GetString().ShouldBe("outreach");
        enrollment.GetProperty("state").GetString().ShouldBe("stopped");

        var log = (await DeliveriesAsync(webhookId)).Single();
        log.GetProperty("type").GetString().ShouldBe("stopped");
        log.GetProperty("eventId").GetInt64().ShouldBe(payload.RootElement.GetProperty("id").GetInt64());
        log.GetProperty("state").GetString().ShouldBe("delivered");
        log.GetProperty("attempts").GetInt32().ShouldBe(2);
        log.GetProperty("lastStatus").GetInt32().ShouldBe(200);
        log.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        log.GetProperty("nextAttemptAt").ValueKind.ShouldBe(JsonValueKind.Null);
        log.GetProperty("deliveredAt").GetDateTimeOffset().ShouldBe(_server.Time.GetUtcNow());
    }

    [Fact]
    public async Task Dispatcher_Events_OnlyThoseSubscribedAndAfterRegistrationAreDelivered()
    {
        var ann = await EnrollAsync("ann@globex.example");
        var bob = await EnrollAsync("bob@globex.example");
        var cleo = await EnrollAsync("cleo@globex.example");
        await ReplyAsync(ann, "before the webhook existed");
        var (webhookId, _) = await CreateWebhookAsync(_receiver.Url, "replied", "completed");
        await ReplyAsync(bob, "reply from bob@globex.example (message 18c)");
        (await _http.PostAsync($"enrollments/{cleo}/stop", null, Ct)).EnsureSuccessStatusCode();
        var dispatcher = new WebhookDispatcher(_server.Store, _server.Time);

        var round = await dispatcher.RunOnceAsync(Ct);
        var again = await dispatcher.RunOnceAsync(Ct);

        round.ShouldBe(new WebhookRound(1, 1, 0, 0));
        again.ShouldBe(new WebhookRound(0, 0, 0, 0));
        using var payload = JsonDocument.Parse(_receiver.Received.ShouldHaveSingleItem().Body);
        payload.RootElement.GetProperty("type").GetString().ShouldBe("replied");
        payload.RootElement.GetProperty("enrollment").GetProperty("email").GetString().ShouldBe("bob@globex.example");
        payload.RootElement.GetProperty("enrollment").GetProperty("state").GetString().ShouldBe("replied");
        (await DeliveriesAsync(webhookId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Dispatcher_ReceiverNeverAnswers_GivesUpAfterTheLastAttempt()
    {
        var closed = ClosedPortUrl();
        var (webhookId, _) = await CreateWebhookAsync(closed, "stopped");
        var ann = await EnrollAsync("ann@globex.example");
        (await _http.PostAsync($"enrollments/{ann}/stop", null, Ct)).EnsureSuccessStatusCode();
        var options = new WebhookOptions { Backoff = WebhookBackoff.Default with { MaxAttempts = 3, Jitter = 0 } };
        var dispatcher = new WebhookDispatcher(_server.Store, _server.Time, options);

        var rounds = new List<WebhookRound> { await dispatcher.RunOnceAsync(Ct) };
        _server.Time.Advance(TimeSpan.FromSeconds(30));
        rounds.Add(await dispatcher.RunOnceAsync(Ct));
        _server.Time.Advance(TimeSpan.FromSeconds(60));
        rounds.Add(await dispatcher.RunOnceAsync(Ct));
        _server.Time.Advance(TimeSpan.FromDays(1));
        rounds.Add(await dispatcher.RunOnceAsync(Ct));

        rounds.ShouldBe([new(1, 0, 1, 0), new(0, 0, 1, 0), new(0, 0, 0, 1), new(0, 0, 0, 0)]);
        var log = (await DeliveriesAsync(webhookId)).Single();
        log.GetProperty("state").GetString().ShouldBe("failed");
        log.GetProperty("attempts").GetInt32().ShouldBe(3);
        log.GetProperty("lastStatus").ValueKind.ShouldBe(JsonValueKind.Null);
        log.GetProperty("lastError").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task DeleteWebhook_PendingRetry_IsNeverSent()
    {
        var (webhookId, _) = await CreateWebhookAsync(_receiver.Url, "stopped");
        var ann = await EnrollAsync("ann@globex.example");
        (await _http.PostAsync($"enrollments/{ann}/stop", null, Ct)).EnsureSuccessStatusCode();
        var dispatcher = new WebhookDispatcher(_server.Store, _server.Time);
        _receiver.AnswerNext(503);
        await dispatcher.RunOnceAsync(Ct);

        using var deleted = await _http.DeleteAsync($"webhooks/{webhookId}", Ct);
        _server.Time.Advance(TimeSpan.FromHours(1));
        var round = await dispatcher.RunOnceAsync(Ct);
        using var deletedAgain = await _http.DeleteAsync($"webhooks/{webhookId}", Ct);
        using var log = await _http.GetAsync($"webhooks/{webhookId}/deliveries", Ct);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        round.ShouldBe(new WebhookRound(0, 0, 0, 0));
        _receiver.Received.Count.ShouldBe(1);
        deletedAgain.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        log.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddNudgeWebhookDispatcher_InAHost_DeliversEachRoundOnTheClock()
    {
        await CreateWebhookAsync(_receiver.Url, "stopped");
        var ann = await EnrollAsync("ann@globex.example");
        var bob = await EnrollAsync("bob@globex.example");
        (await _http.PostAsync($"enrollments/{ann}/stop", null, Ct)).EnsureSuccessStatusCode();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddNudgeWebhookDispatcher(_server.Store, _server.Time, o => o.PollInterval = TimeSpan.FromSeconds(5));
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await WaitForAsync(() => _receiver.Received.Count == 1);
        (await _http.PostAsync($"enrollments/{bob}/stop", null, Ct)).EnsureSuccessStatusCode();
        _server.Time.Advance(TimeSpan.FromSeconds(5));
        await WaitForAsync(() => _receiver.Received.Count == 2);
        await host.StopAsync(Ct);

        _receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("enrollment").GetProperty("id").GetInt64())
            .ShouldBe([ann, bob]);
    }

    /// <summary>Waits (in real time, at most 10 s) for the hosted dispatcher's round to show.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        condition().ShouldBeTrue();
    }

    private async Task<(long Id, string Secret)> CreateWebhookAsync(string url, params string[] events)
    {
        using var response = await _http.PostAsync("webhooks",
            NudgeApiServer.Json(JsonSerializer.Serialize(new Dictionary<string, object> { ["url"] = url, ["events"] = events })), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (view.RootElement.GetProperty("id").GetInt64(), view.RootElement.GetProperty("secret").GetString()!);
    }

    private async Task<long> EnrollAsync(string email)
    {
        using var response = await _http.PostAsync("enrollments",
            NudgeApiServer.Json($$"""{"email":"{{email}}","sequence":"outreach","fields":{"company":"Globex"} }"""), Ct);
        using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return view.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>What the worker records when the contact answers: the enrollment ends as replied, and the timeline says so.</summary>
    private async Task ReplyAsync(long enrollmentId, string detail)
    {
        var now = _server.Time.GetUtcNow();
        (await _server.Store.StopEnrollmentAsync(enrollmentId, EnrollmentStatus.Replied, detail, now, Ct)).ShouldBeTrue();
        await _server.Store.AddEventAsync(new EnrollmentEvent(enrollmentId, now, "replied", detail), Ct);
    }

    private async Task<List<JsonElement>> DeliveriesAsync(long webhookId)
    {
        using var log = JsonDocument.Parse(await _http.GetStringAsync($"webhooks/{webhookId}/deliveries", Ct));
        return [.. log.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>A loopback URL nothing listens on: a port the OS handed out, then closed.</summary>
    private static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/hooks/nudge";
    }
}
