using System.Net;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxModifyTests
{
    [Fact]
    public async Task Modify_AddAndRemoveLabels_ReturnsMinimalMessageWithNewLabels()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, imported) = await session.ImportAsync(SandboxSession.Compose("Hi", to: SandboxSession.Email, from: "pat@example.org"));

        var (status, json) = await session.ModifyAsync(imported.Id(), add: ["STARRED"], remove: ["UNREAD"]);

        status.ShouldBe(HttpStatusCode.OK);
        json.Labels().ShouldBe(["INBOX", "STARRED"]);
        json.TryGetProperty("snippet", out _).ShouldBeFalse();
        var (_, got) = await session.GetAsync($"gmail/v1/users/me/messages/{imported.Id()}?format=minimal");
        got.Labels().ShouldBe(["INBOX", "STARRED"]);
    }

    [Fact]
    public async Task Modify_UnknownLabel_Returns400InvalidLabel()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Hi"));

        var (status, json) = await session.ModifyAsync(sent.Id(), add: ["Label_99"]);

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("message").GetString().ShouldBe("Invalid label: Label_99");
        json.GetProperty("error").GetProperty("status").GetString().ShouldBe("INVALID_ARGUMENT");
    }

    [Fact]
    public async Task Modify_MoreThan100Labels_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Hi"));

        var (status, _) = await session.ModifyAsync(sent.Id(), add: Enumerable.Repeat("STARRED", 101).ToArray());

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Modify_UnknownMessage_Returns404()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.ModifyAsync("0000000000000001", add: ["STARRED"]);

        status.ShouldBe(HttpStatusCode.NotFound);
        json.GetProperty("error").GetProperty("status").GetString().ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task Trash_InboxMessage_AddsTrashRemovesInboxAndHidesFromList()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, imported) = await session.ImportAsync(SandboxSession.Compose("Bye", to: SandboxSession.Email, from: "pat@example.org"));

        var (status, json) = await session.TrashAsync(imported.Id());

        status.ShouldBe(HttpStatusCode.OK);
        json.Labels().ShouldContain("TRASH");
        json.Labels().ShouldNotContain("INBOX");
        (await session.ListIdsAsync("")).ShouldNotContain(imported.Id());
        (await session.ListIdsAsync("", includeSpamTrash: true)).ShouldContain(imported.Id());
        (await session.ListIdsAsync("in:trash")).ShouldContain(imported.Id());
    }

    [Fact]
    public async Task HistoryList_AfterModify_ReturnsLabelsAddedAndRemovedRecords()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, imported) = await session.ImportAsync(SandboxSession.Compose("Hi", to: SandboxSession.Email, from: "pat@example.org"));
        var start = await session.HistoryIdAsync();

        await session.ModifyAsync(imported.Id(), add: ["STARRED"], remove: ["UNREAD"]);
        var (status, json) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}");

        status.ShouldBe(HttpStatusCode.OK);
        var record = json.GetProperty("history").EnumerateArray().Single();
        var added = record.GetProperty("labelsAdded").EnumerateArray().Single();
        added.GetProperty("message").Id().ShouldBe(imported.Id());
        added.GetProperty("message").Labels().ShouldBe(["INBOX", "STARRED"]);
        added.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldBe(["STARRED"]);
        record.GetProperty("labelsRemoved").EnumerateArray().Single()
            .GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldBe(["UNREAD"]);
        record.GetProperty("id").GetString().ShouldBe(await session.HistoryIdAsync());
        (await session.GetAsync($"gmail/v1/users/me/messages/{imported.Id()}?format=minimal")).Json
            .GetProperty("historyId").GetString().ShouldBe(record.GetProperty("id").GetString());
    }

    [Fact]
    public async Task HistoryList_WithHistoryTypes_ReturnsOnlyThoseChanges()
    {
        await using var session = await SandboxSession.StartAsync();
        var start = await session.HistoryIdAsync();
        var (_, imported) = await session.ImportAsync(SandboxSession.Compose("Hi", to: SandboxSession.Email, from: "pat@example.org"));
        await session.ModifyAsync(imported.Id(), remove: ["UNREAD"]);
        await session.ModifyAsync(imported.Id(), add: ["STARRED"]);

        var (_, added) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=messageAdded");
        var (_, labelAdded) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=labelAdded");
        var (_, labelRemoved) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=labelRemoved");

        added.GetProperty("history").GetArrayLength().ShouldBe(1);
        added.GetProperty("history")[0].TryGetProperty("messagesAdded", out _).ShouldBeTrue();
        labelAdded.GetProperty("history").GetArrayLength().ShouldBe(1);
        labelAdded.GetProperty("history")[0].GetProperty("labelsAdded")[0].GetProperty("labelIds")[0].GetString().ShouldBe("STARRED");
        labelRemoved.GetProperty("history").GetArrayLength().ShouldBe(1);
        labelRemoved.GetProperty("history")[0].TryGetProperty("labelsAdded", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task HistoryList_WithLabelId_ReturnsRecordsTouchingThatLabel()
    {
        await using var session = await SandboxSession.StartAsync();
        var start = await session.HistoryIdAsync();
        var (_, first) = await session.ImportAsync(SandboxSession.Compose("One", to: SandboxSession.Email, from: "pat@example.org"));
        var (_, second) = await session.SendAsync(SandboxSession.Compose("Two"));
        await session.ModifyAsync(second.Id(), add: ["STARRED"]);

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&labelId=STARRED");

        var record = json.GetProperty("history").EnumerateArray().Single();
        record.GetProperty("labelsAdded")[0].GetProperty("message").Id().ShouldBe(second.Id());
        first.Id().ShouldNotBe(second.Id());
    }

    [Fact]
    public async Task Restart_WithDataPath_KeepsLabelChangesAndTheirHistory()
    {
        var directory = Directory.CreateTempSubdirectory("nudge-sandbox-");
        try
        {
            var path = Path.Combine(directory.FullName, "state.json");
            string id, start;
            await using (var first = await SandboxSession.StartAsync(path))
            {
                (_, var sent) = await first.SendAsync(SandboxSession.Compose("Kept"));
                id = sent.Id();
                start = await first.HistoryIdAsync();
                await first.ModifyAsync(id, add: ["STARRED"]);
            }

            await using var second = await SandboxSession.StartAsync(path);

            (await second.GetAsync($"gmail/v1/users/me/messages/{id}?format=minimal")).Json.Labels().ShouldBe(["SENT", "STARRED"]);
            var (_, history) = await second.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}");
            history.GetProperty("history")[0].GetProperty("labelsAdded")[0].GetProperty("labelIds")[0].GetString().ShouldBe("STARRED");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
