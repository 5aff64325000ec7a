using System.Net;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxDraftTests
{
    [Fact]
    public async Task CreateDraft_WithRaw_ReturnsDraftIdAndDraftLabelledMessage()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.CreateDraftAsync(SandboxSession.Compose("Draft one"));

        status.ShouldBe(HttpStatusCode.OK);
        json.Id().ShouldMatch("^r-?[0-9]+$");
        var message = json.GetProperty("message");
        message.Id().ShouldMatch("^[0-9a-f]{16}$");
        message.GetProperty("threadId").GetString().ShouldBe(message.Id());
        message.Labels().ShouldBe(["DRAFT"]);
    }

    [Fact]
    public async Task CreateDraft_WithoutMessage_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.PostAsync("gmail/v1/users/me/drafts", "{}");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("status").GetString().ShouldBe("INVALID_ARGUMENT");
    }

    [Fact]
    public async Task CreateDraft_MediaUpload_StoresDraft()
    {
        await using var session = await SandboxSession.StartAsync();
        using var buffer = new MemoryStream();
        await SandboxSession.Compose("Uploaded draft").WriteToAsync(buffer, TestContext.Current.CancellationToken);
        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new("message/rfc822");

        using var response = await session.Http.PostAsync("upload/gmail/v1/users/me/drafts?uploadType=media", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, list) = await session.GetAsync("gmail/v1/users/me/drafts");
        list.GetProperty("drafts").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task GetDraft_EachFormat_ReturnsMessageInThatFormat()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, created) = await session.CreateDraftAsync(SandboxSession.Compose("Formats"));

        var (_, full) = await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}");
        var (_, raw) = await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}?format=raw");
        var (_, metadata) = await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}?format=metadata&metadataHeaders=Subject");

        full.Id().ShouldBe(created.Id());
        full.GetProperty("message").GetProperty("payload").GetProperty("mimeType").GetString().ShouldBe("text/plain");
        raw.GetProperty("message").GetProperty("raw").GetString().ShouldNotBeNullOrEmpty();
        metadata.GetProperty("message").GetProperty("payload").GetProperty("headers")[0].GetProperty("value").GetString().ShouldBe("Formats");
    }

    [Fact]
    public async Task ListDrafts_TwoDrafts_ReturnsBothNewestFirstWithIdAndThreadId()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, older) = await session.CreateDraftAsync(SandboxSession.Compose("Older"));
        session.Time.Advance(TimeSpan.FromMinutes(1));
        var (_, newer) = await session.CreateDraftAsync(SandboxSession.Compose("Newer"));

        var (status, json) = await session.GetAsync("gmail/v1/users/me/drafts");

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("drafts").EnumerateArray().Select(d => d.Id()).ShouldBe([newer.Id(), older.Id()]);
        var first = json.GetProperty("drafts")[0].GetProperty("message");
        first.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "threadId"]);
        json.GetProperty("resultSizeEstimate").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task ListDrafts_None_OmitsDrafts()
    {
        await using var session = await SandboxSession.StartAsync();

        var (_, json) = await session.GetAsync("gmail/v1/users/me/drafts");

        json.TryGetProperty("drafts", out _).ShouldBeFalse();
        json.GetProperty("resultSizeEstimate").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task SendDraft_ExistingDraft_SendsWithNewMessageIdAndRemovesDraft()
    {
        await using var session = await SandboxSession.StartAsync();
        var draftMessage = SandboxSession.Compose("Send me");
        var (_, created) = await session.CreateDraftAsync(draftMessage);

        var (status, sent) = await session.PostAsync("gmail/v1/users/me/drafts/send", GmailCalls.Json(new { id = created.Id() }));

        status.ShouldBe(HttpStatusCode.OK);
        sent.Labels().ShouldBe(["SENT"]);
        (await session.MessageIdHeaderAsync(sent.Id())).ShouldNotBe("<" + draftMessage.MessageId + ">");
        (await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await session.GetAsync($"gmail/v1/users/me/messages/{created.GetProperty("message").Id()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await session.ListIdsAsync("in:sent")).ShouldBe([sent.Id()]);
    }

    [Fact]
    public async Task SendDraft_ReplyDraftInThread_JoinsThread()
    {
        await using var session = await SandboxSession.StartAsync();
        var (id, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Proposal"));
        var (_, created) = await session.CreateDraftAsync(SandboxSession.Compose("Re: Proposal", inReplyTo: messageId), threadId);
        created.GetProperty("message").GetProperty("threadId").GetString().ShouldBe(threadId);

        var (_, sent) = await session.PostAsync("gmail/v1/users/me/drafts/send", GmailCalls.Json(new { id = created.Id() }));

        sent.GetProperty("threadId").GetString().ShouldBe(threadId);
        sent.Id().ShouldNotBe(id);
        var (_, thread) = await session.GetAsync($"gmail/v1/users/me/threads/{threadId}?format=minimal");
        thread.GetProperty("messages").EnumerateArray().Select(m => m.Id()).ShouldBe([id, sent.Id()]);
    }

    [Fact]
    public async Task SendDraft_WithoutRecipients_Returns400AndKeepsDraft()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Nobody");
        message.To.Clear();
        var (_, created) = await session.CreateDraftAsync(message);

        var (status, json) = await session.PostAsync("gmail/v1/users/me/drafts/send", GmailCalls.Json(new { id = created.Id() }));

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("message").GetString().ShouldBe("Recipient address required");
        (await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SendDraft_UnknownId_Returns404()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, _) = await session.PostAsync("gmail/v1/users/me/drafts/send", GmailCalls.Json(new { id = "r123" }));

        status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteDraft_Existing_Returns204EmptyThen404()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, created) = await session.CreateDraftAsync(SandboxSession.Compose("Delete me"));

        var (status, body) = await session.RawAsync(HttpMethod.Delete, $"gmail/v1/users/me/drafts/{created.Id()}");

        status.ShouldBe(HttpStatusCode.NoContent);
        body.ShouldBeEmpty();
        (await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await session.RawAsync(HttpMethod.Delete, $"gmail/v1/users/me/drafts/{created.Id()}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UpdateDraft_NewRaw_KeepsDraftIdAndReplacesMessage()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, created) = await session.CreateDraftAsync(SandboxSession.Compose("Before"));
        var body = GmailCalls.Json(new { id = created.Id(), message = new { raw = SandboxSession.ToRaw(SandboxSession.Compose("After")) } });

        var (status, updated) = await session.RawAsync(HttpMethod.Put, $"gmail/v1/users/me/drafts/{created.Id()}", body);

        status.ShouldBe(HttpStatusCode.OK);
        updated.ShouldContain(created.Id());
        var (_, got) = await session.GetAsync($"gmail/v1/users/me/drafts/{created.Id()}?format=metadata&metadataHeaders=Subject");
        got.GetProperty("message").GetProperty("payload").GetProperty("headers")[0].GetProperty("value").GetString().ShouldBe("After");
    }

    [Fact]
    public async Task Restart_WithDataPath_KeepsDrafts()
    {
        var directory = Directory.CreateTempSubdirectory("nudge-sandbox-");
        try
        {
            var path = Path.Combine(directory.FullName, "state.json");
            string draftId;
            await using (var first = await SandboxSession.StartAsync(path))
            {
                draftId = (await first.CreateDraftAsync(SandboxSession.Compose("Kept draft"))).Json.Id();
            }

            await using var second = await SandboxSession.StartAsync(path);

            (await second.GetAsync($"gmail/v1/users/me/drafts/{draftId}")).Status.ShouldBe(HttpStatusCode.OK);
            var (status, _) = await second.PostAsync("gmail/v1/users/me/drafts/send", GmailCalls.Json(new { id = draftId }));
            status.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CreateDraft_MoreThan100Recipients_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Crowd");
        message.To.Clear();
        message.To.AddRange(Enumerable.Range(0, 101).Select(i => MimeKit.MailboxAddress.Parse($"p{i}@example.org")));

        var (status, json) = await session.CreateDraftAsync(message);

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("invalidArgument");
    }
}
