using System.Globalization;
using System.Net;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxHistoryTests
{
    [Fact]
    public async Task History_AfterSend_ReturnsMessagesAddedAfterStart()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.SendAsync(SandboxSession.Compose("Before"));
        var start = await session.HistoryIdAsync();
        var (id, threadId, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("After"));

        var (status, json) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=messageAdded");

        status.ShouldBe(HttpStatusCode.OK);
        var record = json.GetProperty("history").EnumerateArray().ShouldHaveSingleItem();
        ulong.Parse(record.GetProperty("id").GetString()!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(ulong.Parse(start, CultureInfo.InvariantCulture));
        var added = record.GetProperty("messagesAdded")[0].GetProperty("message");
        added.GetProperty("id").GetString().ShouldBe(id);
        added.GetProperty("threadId").GetString().ShouldBe(threadId);
        added.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldBe(["SENT"]);
        json.GetProperty("historyId").GetString().ShouldBe(await session.HistoryIdAsync());
    }

    [Fact]
    public async Task History_NoChangesSinceStart_OmitsHistory()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.SendAsync(SandboxSession.Compose("Something"));
        var start = await session.HistoryIdAsync();

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}");

        json.TryGetProperty("history", out _).ShouldBeFalse();
        json.GetProperty("historyId").GetString().ShouldBe(start);
    }

    [Fact]
    public async Task History_HistoryIds_IncreaseWithGaps()
    {
        await using var session = await SandboxSession.StartAsync();
        var ids = new List<ulong> { ulong.Parse(await session.HistoryIdAsync(), CultureInfo.InvariantCulture) };
        for (var i = 0; i < 5; i++)
        {
            await session.SendAsync(SandboxSession.Compose($"Message {i}"));
            ids.Add(ulong.Parse(await session.HistoryIdAsync(), CultureInfo.InvariantCulture));
        }

        ids.ShouldBeInOrder(SortDirection.Ascending);
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids[0].ShouldBeGreaterThan(1000UL);
    }

    [Fact]
    public async Task History_StartOlderThanRetention_Returns404()
    {
        await using var session = await SandboxSession.StartAsync();
        var start = await session.HistoryIdAsync();
        await session.SendAsync(SandboxSession.Compose("Old news"));
        session.Time.Advance(TimeSpan.FromDays(8));

        var (status, json) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}");

        status.ShouldBe(HttpStatusCode.NotFound);
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("notFound");
    }

    [Fact]
    public async Task History_StartAfterExpiredRecords_StillWorks()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.SendAsync(SandboxSession.Compose("Old news"));
        var start = await session.HistoryIdAsync();
        session.Time.Advance(TimeSpan.FromDays(8));
        await session.SendAsync(SandboxSession.Compose("Fresh"));

        var (status, json) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}");

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("history").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task History_MissingStartHistoryId_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/history");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("invalidArgument");
    }
}
