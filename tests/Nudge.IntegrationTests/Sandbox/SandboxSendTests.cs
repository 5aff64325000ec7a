using System.Net;
using System.Text.Json;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxSendTests
{
    [Fact]
    public async Task Send_PlainMessage_ReturnsMinimalShapeWithSentLabelAndHexIds()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.SendAsync(SandboxSession.Compose("Quarterly review"));

        status.ShouldBe(HttpStatusCode.OK);
        json.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "threadId", "labelIds"]);
        json.GetProperty("id").GetString()!.ShouldMatch("^[0-9a-f]{16}$");
        json.GetProperty("threadId").GetString().ShouldBe(json.GetProperty("id").GetString());
        json.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldBe(["SENT"]);
    }

    [Fact]
    public async Task Send_ClientMessageId_IsReplacedWithGmailStyleId()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Hello");
        var clientMessageId = message.MessageId;

        var (_, _, messageId) = await session.SendAndReadBackAsync(message);

        messageId.ShouldNotContain(clientMessageId!);
        messageId.ShouldMatch("^<CA[^@>]+@mail\\.gmail\\.com>$");
    }

    [Fact]
    public async Task Send_ToOwnAddress_LabelsUnreadSentInbox()
    {
        await using var session = await SandboxSession.StartAsync();

        var (_, json) = await session.SendAsync(SandboxSession.Compose("Note to self", to: SandboxSession.Email));

        json.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldBe(["UNREAD", "SENT", "INBOX"]);
    }

    [Fact]
    public async Task Send_ForeignFrom_IsRewrittenToMailboxAddress()
    {
        await using var session = await SandboxSession.StartAsync();
        var (id, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Hi", from: "someone@else.example"));

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/messages/{id}?format=metadata&metadataHeaders=From");

        json.GetProperty("payload").GetProperty("headers")[0].GetProperty("value").GetString().ShouldBe(SandboxSession.Email);
    }

    [Fact]
    public async Task Send_NoRecipients_Returns400RecipientAddressRequired()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Nobody");
        message.To.Clear();

        var (status, json) = await session.PostAsync(
            "gmail/v1/users/me/messages/send?prettyPrint=false", GmailCalls.Json(new { raw = SandboxSession.ToRaw(message) }));

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetRawText().ShouldBe(
            """{"error":{"code":400,"message":"Recipient address required","errors":[{"message":"Recipient address required","domain":"global","reason":"invalidArgument"}],"status":"INVALID_ARGUMENT"}}""");
    }

    [Fact]
    public async Task Send_MissingRaw_Returns400InvalidArgument()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.PostAsync("gmail/v1/users/me/messages/send", "{}");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("invalidArgument");
    }

    [Fact]
    public async Task Send_MalformedJson_Returns400BadRequest()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.PostAsync("gmail/v1/users/me/messages/send", "{raw:");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("message").GetString()!.ShouldStartWith("Invalid JSON payload received.");
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("badRequest");
    }

    [Fact]
    public async Task Send_PaddedStandardBase64_IsAccepted()
    {
        await using var session = await SandboxSession.StartAsync();
        using var buffer = new MemoryStream();
        await SandboxSession.Compose("Padded??>>").WriteToAsync(buffer, TestContext.Current.CancellationToken);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["raw"] = Convert.ToBase64String(buffer.ToArray()) });

        var (status, _) = await session.PostAsync("gmail/v1/users/me/messages/send", body);

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_QueryInSentWithSubjectAndAge_FindsOnlyMatchingMessages()
    {
        await using var session = await SandboxSession.StartAsync();
        var (wanted, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Proposal for Acme"));
        await session.SendAsync(SandboxSession.Compose("Something else"));

        var (_, json) = await session.GetAsync(
            "gmail/v1/users/me/messages?q=" + Uri.EscapeDataString("in:sent to:pat@example.org subject:\"proposal for acme\" newer_than:1d"));

        json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ShouldBe([wanted]);
        json.GetProperty("resultSizeEstimate").ValueKind.ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task List_NoMatches_OmitsMessages()
    {
        await using var session = await SandboxSession.StartAsync();

        var (_, json) = await session.GetAsync("gmail/v1/users/me/messages?q=in:inbox");

        json.TryGetProperty("messages", out _).ShouldBeFalse();
        json.GetProperty("resultSizeEstimate").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task List_MoreThanMaxResults_PagesNewestFirst()
    {
        await using var session = await SandboxSession.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await session.SendAndReadBackAsync(SandboxSession.Compose($"Message {i}"))).Id);
            session.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var (_, first) = await session.GetAsync("gmail/v1/users/me/messages?maxResults=2");
        var token = first.GetProperty("nextPageToken").GetString()!;
        var (_, second) = await session.GetAsync("gmail/v1/users/me/messages?maxResults=2&pageToken=" + Uri.EscapeDataString(token));

        first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ShouldBe([ids[2], ids[1]]);
        second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ShouldBe([ids[0]]);
        second.TryGetProperty("nextPageToken", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Send_ManyConcurrently_AllStoredWithDistinctIdsAndHistoryIds()
    {
        await using var session = await SandboxSession.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => session.SendAsync(SandboxSession.Compose($"Parallel {i}"))));

        results.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        results.Select(r => r.Json.GetProperty("id").GetString()).Distinct().Count().ShouldBe(20);
        var (_, history) = await session.GetAsync("gmail/v1/users/me/history?startHistoryId=1");
        history.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("id").GetString()).Distinct().Count().ShouldBe(20);
        var (_, profile) = await session.GetAsync("gmail/v1/users/me/profile");
        profile.GetProperty("messagesTotal").GetInt32().ShouldBe(20);
    }
}
