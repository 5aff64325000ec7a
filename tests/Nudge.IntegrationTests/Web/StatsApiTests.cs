using System.Text.Json;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Web;

/// <summary><c>GET /api/v1/stats</c> over real HTTP.</summary>
public sealed class StatsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStats_SendsAndStates_PerMailboxAgainstItsLimitAndPerSequenceByState()
    {
        await using var server = await NudgeApiServer.StartAsync(token: "t0ken", Ct);
        using var http = server.CreateClient("Bearer t0ken");
        var ids = new List<long>();
        foreach (var name in new[] { "ann", "bob", "cleo", "dan" })
        {
            using var response = await http.PostAsync("enrollments",
                NudgeApiServer.Json($$"""{"email":"{{name}}@globex.example","sequence":"outreach","fields":{"company":"Globex"} }"""), Ct);
            using var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            ids.Add(view.RootElement.GetProperty("id").GetInt64());
        }

        var now = server.Time.GetUtcNow();
        await SendStepOneAsync(server, ids[0], now.AddHours(-1));
        await server.Store.StopEnrollmentAsync(ids[1], EnrollmentStatus.Replied, "reply", now, Ct);
        await server.Store.PauseEnrollmentsAsync(ids[2], null, "holiday", now, Ct);

        using var stats = JsonDocument.Parse(await http.GetStringAsync("stats", Ct));

        stats.RootElement.GetProperty("at").GetDateTimeOffset().ShouldBe(now);
        var mailbox = stats.RootElement.GetProperty("mailboxes").EnumerateArray().Single();
        mailbox.GetProperty("email").GetString().ShouldBe(server.Mailbox.Email);
        mailbox.GetProperty("state").GetString().ShouldBe("active");
        mailbox.GetProperty("sentLast24h").GetInt32().ShouldBe(1);
        mailbox.GetProperty("sendsInWindow").GetInt32().ShouldBe(1);
        mailbox.GetProperty("dailyLimit").GetInt32().ShouldBe(500);
        mailbox.GetProperty("dailyShare").GetInt32().ShouldBeInRange(1, 500);
        var sequence = stats.RootElement.GetProperty("sequences").EnumerateArray().Single();
        sequence.GetProperty("name").GetString().ShouldBe("outreach");
        sequence.GetProperty("total").GetInt32().ShouldBe(4);
        sequence.GetProperty("states").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).ShouldBe(
            [("active", 2), ("paused", 1), ("replied", 1)]);
    }

    private static async Task SendStepOneAsync(NudgeApiServer server, long enrollmentId, DateTimeOffset at)
    {
        var entry = new OutboxEntry(enrollmentId, 1, server.Mailbox.Id, OutboxState.Sending, "<local@nudge>", "Hello Globex", at, null, null, null, null,
            "worker-1", null);
        (await server.Store.TryReserveSendAsync(entry, Ct)).ShouldBeTrue();
        await server.Store.RecordSentAsync(new SentMessage(enrollmentId, 1, "gm-1", "th-1", "<rfc@mail>", at), at.AddDays(3), Ct);
    }
}
