using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>
/// Every response shape the sandbox serves, checked against the schema Google's discovery document gives for it, and
/// the error bodies against those recorded from the real service (GMAIL-FACTS §4).
/// </summary>
public sealed class SandboxContractTests
{
    [Theory]
    [InlineData("gmail/v1/users/me/profile", "Profile")]
    [InlineData("gmail/v1/users/me/messages/{sent}?format=minimal", "Message")]
    [InlineData("gmail/v1/users/me/messages/{sent}?format=metadata", "Message")]
    [InlineData("gmail/v1/users/me/messages/{sent}?format=full", "Message")]
    [InlineData("gmail/v1/users/me/messages/{sent}?format=raw", "Message")]
    [InlineData("gmail/v1/users/me/messages/{received}?format=full", "Message")]
    [InlineData("gmail/v1/users/me/messages", "ListMessagesResponse")]
    [InlineData("gmail/v1/users/me/messages?q=nothing-matches-this", "ListMessagesResponse")]
    [InlineData("gmail/v1/users/me/messages?maxResults=1", "ListMessagesResponse")]
    [InlineData("gmail/v1/users/me/threads/{sent}?format=full", "Thread")]
    [InlineData("gmail/v1/users/me/threads/{sent}?format=minimal", "Thread")]
    [InlineData("gmail/v1/users/me/threads", "ListThreadsResponse")]
    [InlineData("gmail/v1/users/me/history?startHistoryId={start}", "ListHistoryResponse")]
    [InlineData("gmail/v1/users/me/history?startHistoryId={now}", "ListHistoryResponse")]
    [InlineData("gmail/v1/users/me/drafts/{draft}", "Draft")]
    [InlineData("gmail/v1/users/me/drafts/{draft}?format=raw", "Draft")]
    [InlineData("gmail/v1/users/me/drafts", "ListDraftsResponse")]
    [InlineData("gmail/v1/users/me/labels", "ListLabelsResponse")]
    [InlineData("gmail/v1/users/me/settings/sendAs", "ListSendAsResponse")]
    [InlineData("gmail/v1/users/me/messages/{received}/attachments/{attachment}", "MessagePartBody")]
    public async Task Get_Endpoint_ConformsToDiscoverySchema(string path, string schema)
    {
        await using var session = await SandboxSession.StartAsync();
        var values = await SeedAsync(session);

        var (status, json) = await session.GetAsync(Fill(path, values));

        status.ShouldBe(HttpStatusCode.OK);
        DiscoverySchema.Gmail.Validate(json, schema).ShouldBeEmpty();
    }

    [Fact]
    public async Task History_WithAddedAndLabelRecords_ConformsAndHasEachTypedArray()
    {
        await using var session = await SandboxSession.StartAsync();
        var values = await SeedAsync(session);

        var (_, json) = await session.GetAsync(Fill("gmail/v1/users/me/history?startHistoryId={start}", values));

        DiscoverySchema.Gmail.Validate(json, "ListHistoryResponse").ShouldBeEmpty();
        var records = json.GetProperty("history").EnumerateArray().ToList();
        records.Count(r => r.TryGetProperty("messagesAdded", out var _)).ShouldBeGreaterThan(0);
        records.Count(r => r.TryGetProperty("labelsAdded", out var _)).ShouldBeGreaterThan(0);
        records.Count(r => r.TryGetProperty("labelsRemoved", out var _)).ShouldBeGreaterThan(0);
        records.Count(r => r.TryGetProperty("messagesDeleted", out var _)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Mutations_Responses_ConformToDiscoverySchema()
    {
        await using var session = await SandboxSession.StartAsync();
        var values = await SeedAsync(session);

        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Contract"));
        var (_, modified) = await session.ModifyAsync(values["sent"], add: ["STARRED"]);
        var (_, trashed) = await session.TrashAsync(values["received"]);
        var (_, draft) = await session.CreateDraftAsync(SandboxSession.Compose("Draft"));
        var (_, draftSent) = await session.PostAsync("gmail/v1/users/me/drafts/send", GmailCalls.Json(new { id = draft.Id() }));
        var (_, label) = await session.CreateLabelAsync("Contract");
        var (_, watch) = await session.PostAsync("gmail/v1/users/me/watch", GmailCalls.Json(new { topicName = "projects/p/topics/t" }));

        DiscoverySchema.Gmail.Validate(sent, "Message").ShouldBeEmpty();
        DiscoverySchema.Gmail.Validate(modified, "Message").ShouldBeEmpty();
        DiscoverySchema.Gmail.Validate(trashed, "Message").ShouldBeEmpty();
        DiscoverySchema.Gmail.Validate(draft, "Draft").ShouldBeEmpty();
        DiscoverySchema.Gmail.Validate(draftSent, "Message").ShouldBeEmpty();
        DiscoverySchema.Gmail.Validate(label, "Label").ShouldBeEmpty();
        DiscoverySchema.Gmail.Validate(watch, "WatchResponse").ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WrongShapes_ReportsEachProblem()
    {
        using var document = JsonDocument.Parse("""{"id":"x","historyId":12,"sizeEstimate":"3","labelIds":[],"bogus":1,"raw":"a+b/"}""");

        var problems = DiscoverySchema.Gmail.Validate(document.RootElement, "Message");

        problems.Count.ShouldBe(5);
    }

    [Fact]
    public async Task Error_NotFound_MatchesRecordedEnvelope()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/messages/0123456789abcdef");

        status.ShouldBe(HttpStatusCode.NotFound);
        ShouldEqualJson(json, """{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"message":"Requested entity was not found.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}}""");
    }

    [Fact]
    public async Task Error_NoRecipients_MatchesRecordedEnvelope()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Nobody");
        message.To.Clear();

        var (status, json) = await session.SendAsync(message);

        status.ShouldBe(HttpStatusCode.BadRequest);
        ShouldEqualJson(json, """{"code":400,"errors":[{"domain":"global","message":"Recipient address required","reason":"invalidArgument"}],"message":"Recipient address required","status":"INVALID_ARGUMENT"}""", inner: true);
    }

    [Fact]
    public async Task Error_InvalidToken_MatchesRecordedEnvelope()
    {
        await using var session = await SandboxSession.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ya29.not-a-token");

        using var response = await session.Http.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        ShouldEqualJson(document.RootElement, """{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}""");
    }

    private static void ShouldEqualJson(JsonElement actual, string expected, bool inner = false)
    {
        var actualNode = JsonNode.Parse(inner ? actual.GetProperty("error").GetRawText() : actual.GetRawText());
        JsonNode.DeepEquals(actualNode, JsonNode.Parse(expected)).ShouldBeTrue(actual.GetRawText());
    }

    private static string Fill(string path, Dictionary<string, string> values) =>
        values.Aggregate(path, (p, v) => p.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));

    // A mailbox with every kind of record: a sent message, a received one with an attachment, label changes, a
    // deleted draft and a live one.
    private static async Task<Dictionary<string, string>> SeedAsync(SandboxSession session)
    {
        var start = await session.HistoryIdAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Seed"));
        var received = SandboxSession.Compose("Files", to: SandboxSession.Email, from: "pat@example.org");
        var body = new BodyBuilder { TextBody = "See attached." };
        body.Attachments.Add("a.txt", "attached text"u8.ToArray(), new ContentType("text", "plain"));
        received.Body = body.ToMessageBody();
        var (_, imported) = await session.ImportAsync(received);
        await session.ModifyAsync(imported.Id(), add: ["STARRED"], remove: ["UNREAD"]);
        var (_, gone) = await session.CreateDraftAsync(SandboxSession.Compose("Gone"));
        await session.RawAsync(HttpMethod.Delete, $"gmail/v1/users/me/drafts/{gone.Id()}");
        var (_, draft) = await session.CreateDraftAsync(SandboxSession.Compose("Kept"));
        var (_, full) = await session.GetAsync($"gmail/v1/users/me/messages/{imported.Id()}?format=full");
        var attachment = full.GetProperty("payload").GetProperty("parts")[1].GetProperty("body").GetProperty("attachmentId").GetString()!;

        return new Dictionary<string, string>
        {
            ["start"] = start,
            ["now"] = await session.HistoryIdAsync(),
            ["sent"] = sent.Id(),
            ["received"] = imported.Id(),
            ["draft"] = draft.Id(),
            ["attachment"] = attachment,
        };
    }
}
