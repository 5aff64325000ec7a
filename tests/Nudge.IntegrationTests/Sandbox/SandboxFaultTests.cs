using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxFaultTests
{
    [Fact]
    public async Task Send_DropAfterSend_ClientSeesDroppedConnectionButMessageIsStored()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.Faults = SandboxFaults.Parse("drop-after-send=1"));
        // A fresh client, so the request goes on a new connection that HttpClient will not silently retry.
        using var http = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Mailbox.AccessToken);
        using var content = new StringContent(
            JsonSerializer.Serialize(new { raw = SandboxSession.ToRaw(SandboxSession.Compose("Did it go?")) }),
            Encoding.UTF8,
            "application/json");

        var failure = await Should.ThrowAsync<Exception>(() => http.PostAsync("gmail/v1/users/me/messages/send", content, TestContext.Current.CancellationToken));

        failure.ShouldSatisfyAllConditions(
            () => (failure is HttpRequestException || failure is IOException).ShouldBeTrue(failure.ToString()));
        var (status, stored) = await session.GetAsync($"sandbox/mailboxes/{SandboxSession.Email}/messages");
        status.ShouldBe(HttpStatusCode.OK);
        var message = stored.GetProperty("messages").EnumerateArray().ShouldHaveSingleItem();
        message.GetProperty("headers").GetProperty("Subject").GetString().ShouldBe("Did it go?");
        var (_, list) = await session.GetAsync("gmail/v1/users/me/messages?q=in:sent");
        list.GetProperty("messages")[0].GetProperty("id").GetString().ShouldBe(message.GetProperty("id").GetString());
        var (_, stats) = await session.GetAsync("sandbox/stats");
        stats.GetProperty("droppedConnections").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Profile_ErrorFractionOne_ReturnsBackendErrorEnvelope()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.Faults = SandboxFaults.Parse("error=1,seed=3"));
        var statuses = new HashSet<HttpStatusCode>();

        for (var i = 0; i < 20; i++)
        {
            var (status, json) = await session.GetAsync("gmail/v1/users/me/profile");
            statuses.Add(status);
            var error = json.GetProperty("error");
            error.GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("backendError");
            error.GetProperty("errors")[0].GetProperty("domain").GetString().ShouldBe("global");
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                error.GetProperty("message").GetString().ShouldBe("The service is currently unavailable.");
                error.GetProperty("status").GetString().ShouldBe("UNAVAILABLE");
            }
            else
            {
                status.ShouldBe(HttpStatusCode.InternalServerError);
                error.GetProperty("message").GetString().ShouldBe("Backend Error");
            }
        }

        statuses.ShouldBe([HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable], ignoreOrder: true);
    }

    [Fact]
    public async Task Send_ErrorFractionOne_StoresNothing()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.Faults = SandboxFaults.Parse("error=100%"));

        var (status, _) = await session.SendAsync(SandboxSession.Compose("Never stored"));

        ((int)status).ShouldBeGreaterThanOrEqualTo(500);
        var (_, stored) = await session.GetAsync($"sandbox/mailboxes/{SandboxSession.Email}/messages");
        stored.GetProperty("messages").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Profile_Burst429_FirstCallsOfEachWindowGet429()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.Faults = SandboxFaults.Parse("burst429=2/60s"));

        var first = await session.GetAsync("gmail/v1/users/me/profile");
        var second = await session.GetAsync("gmail/v1/users/me/profile");
        var third = await session.GetAsync("gmail/v1/users/me/profile");
        session.Time.Advance(TimeSpan.FromSeconds(60));
        var nextWindow = await session.GetAsync("gmail/v1/users/me/profile");

        first.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        first.Json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("rateLimitExceeded");
        first.Json.GetProperty("error").GetProperty("status").GetString().ShouldBe("RESOURCE_EXHAUSTED");
        second.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Status.ShouldBe(HttpStatusCode.OK);
        nextWindow.Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Profile_SameSeed_FailsTheSameCalls()
    {
        async Task<string> RunAsync()
        {
            await using var session = await SandboxSession.StartAsync(configure: o => o.Faults = SandboxFaults.Parse("error=0.5,seed=42"));
            var outcome = new StringBuilder();
            for (var i = 0; i < 30; i++)
            {
                outcome.Append((int)(await session.GetAsync("gmail/v1/users/me/profile")).Status).Append(' ');
            }

            return outcome.ToString();
        }

        var first = await RunAsync();

        (await RunAsync()).ShouldBe(first);
        first.ShouldContain("200");
        first.ShouldContain("50");
    }

    [Fact]
    public async Task Profile_Latency_WaitsOnTheSandboxClock()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.Faults = SandboxFaults.Parse("latency=5s"));
        var ct = TestContext.Current.CancellationToken;

        var call = session.GetAsync("gmail/v1/users/me/profile");
        await Task.Delay(200, ct);
        call.IsCompleted.ShouldBeFalse();
        while (!call.IsCompleted)
        {
            session.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(call, Task.Delay(50, ct));
        }

        (await call).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PutFaults_AtRunTime_AppliesAndTurnsOff()
    {
        await using var session = await SandboxSession.StartAsync();

        var (putStatus, put) = await PutAsync(session, """{"spec":" error = 1 , seed=1 "}""");
        var (_, get) = await session.GetAsync("sandbox/faults");
        var faulted = await session.GetAsync("gmail/v1/users/me/profile");
        var (offStatus, off) = await PutAsync(session, """{"spec":""}""");
        var healthy = await session.GetAsync("gmail/v1/users/me/profile");

        putStatus.ShouldBe(HttpStatusCode.OK);
        put.GetProperty("spec").GetString().ShouldBe("error=1,seed=1");
        get.GetProperty("spec").GetString().ShouldBe("error=1,seed=1");
        ((int)faulted.Status).ShouldBeGreaterThanOrEqualTo(500);
        offStatus.ShouldBe(HttpStatusCode.OK);
        off.GetProperty("spec").GetString().ShouldBe("");
        healthy.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PutFaults_BadItem_Returns400NamingIt()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await PutAsync(session, """{"spec":"error=0.1,latency=fast"}""");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetString()!.ShouldContain("'latency=fast'");
    }

    [Theory]
    [InlineData("error=0.05,latency=200ms,burst429=10/60s,drop-after-send=0.02,seed=42", "error=0.05,latency=200ms,burst429=10/60000ms,drop-after-send=0.02,seed=42")]
    [InlineData("error=5%,latency=1.5s", "error=0.05,latency=1500ms")]
    [InlineData("", "")]
    public void Parse_ValidSpec_RoundTrips(string spec, string canonical)
    {
        var faults = SandboxFaults.Parse(spec);

        faults.ToString().ShouldBe(canonical);
        SandboxFaults.Parse(faults.ToString()).ToString().ShouldBe(canonical);
    }

    [Theory]
    [InlineData("error=2", "error=2")]
    [InlineData("error=0.1,boom=1", "boom=1")]
    [InlineData("burst429=10", "burst429=10")]
    [InlineData("seed=x", "seed=x")]
    [InlineData("error=0.1,error=0.2", "error=0.2")]
    public void Parse_BadItem_ThrowsNamingIt(string spec, string item)
    {
        Should.Throw<FormatException>(() => SandboxFaults.Parse(spec)).Message.ShouldContain($"'{item}'");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PutAsync(SandboxSession session, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await session.Http.PutAsync("sandbox/faults", content, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, document.RootElement.Clone());
    }
}
