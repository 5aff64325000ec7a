using System.Net;
using System.Text;
using Nudge.Core.GmailApi;
using Nudge.Gmail;

namespace Nudge.Tests.Gmail;

/// <summary>What each call puts on the wire (GMAIL-FACTS §8, §9) and how it reads the answer.</summary>
public class GmailClientRequestTests
{
    private const string NotFound =
        """{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"message":"Requested entity was not found.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}}""";

    private readonly ScriptedHandler _handler = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListMessagesAsync_AllParameters_RepeatsLabelIdsAndSetsIncludeSpamTrash()
    {
        _handler.Respond(HttpStatusCode.OK, """{"resultSizeEstimate":0}""");

        var page = await CreateClient().ListMessagesAsync("in:sent to:pat@example.org", ["SENT", "Label_1"], true, "tok", 50, Ct);

        _handler.Requests.Single().Url.ShouldBe(
            "/gmail/v1/users/me/messages?q=in%3Asent%20to%3Apat%40example.org&labelIds=SENT&labelIds=Label_1&includeSpamTrash=true&pageToken=tok&maxResults=50");
        page.Messages.ShouldBeNull();
    }

    [Fact]
    public async Task ListAllMessagesAsync_SeveralPages_FollowsTokensAndStopsAtTheLimit()
    {
        _handler.Respond(HttpStatusCode.OK, """{"messages":[{"id":"1","threadId":"1"},{"id":"2","threadId":"2"}],"nextPageToken":"p2","resultSizeEstimate":5}""")
            .Respond(HttpStatusCode.OK, """{"messages":[{"id":"3","threadId":"3"}],"nextPageToken":"p3","resultSizeEstimate":5}""");

        var ids = new List<string>();
        await foreach (var message in CreateClient().ListAllMessagesAsync("in:sent", 3, Ct))
        {
            ids.Add(message.Id);
        }

        ids.ShouldBe(["1", "2", "3"]);
        _handler.Requests.Select(r => r.Url).ShouldBe([
            "/gmail/v1/users/me/messages?q=in%3Asent&maxResults=3",
            "/gmail/v1/users/me/messages?q=in%3Asent&pageToken=p2&maxResults=1",
        ]);
    }

    [Fact]
    public async Task ListHistoryAsync_TypesAndLabel_RepeatsHistoryTypesAndReadsLabelChanges()
    {
        _handler.Respond(HttpStatusCode.OK,
            """{"history":[{"id":"1300","messages":[{"id":"a","threadId":"a"}],"labelsAdded":[{"message":{"id":"a","threadId":"a","labelIds":["STARRED","SENT"]},"labelIds":["STARRED"]}]}],"historyId":"1301"}""");

        var page = await CreateClient().ListHistoryAsync(1200, [GmailHistoryType.LabelAdded, GmailHistoryType.MessageAdded], "SENT", "t1", Ct);

        _handler.Requests.Single().Url.ShouldBe(
            "/gmail/v1/users/me/history?startHistoryId=1200&historyTypes=labelAdded&historyTypes=messageAdded&labelId=SENT&pageToken=t1");
        var change = page.History.ShouldHaveSingleItem().LabelsAdded.ShouldHaveSingleItem();
        change.LabelIds.ShouldBe(["STARRED"]);
        change.Message.Id.ShouldBe("a");
    }

    [Fact]
    public async Task ListAllHistoryAsync_TokenWithoutHistory_KeepsPagingUntilNoToken()
    {
        // GMAIL-FACTS §5.4: a page can carry a nextPageToken and no history.
        _handler.Respond(HttpStatusCode.OK, """{"nextPageToken":"t2","historyId":"1301"}""")
            .Respond(HttpStatusCode.OK, """{"history":[{"id":"1301","messagesAdded":[{"message":{"id":"b","threadId":"b"}}]}],"historyId":"1302"}""");

        var pages = new List<GmailHistoryList>();
        await foreach (var page in CreateClient().ListAllHistoryAsync(1200, null, null, Ct))
        {
            pages.Add(page);
        }

        pages.Count.ShouldBe(2);
        pages[^1].HistoryId.ShouldBe(1302UL);
        _handler.Requests[1].Url.ShouldBe("/gmail/v1/users/me/history?startHistoryId=1200&pageToken=t2");
    }

    [Fact]
    public async Task ListThreadsAsync_Page_SendsQueryAndReadsSnippets()
    {
        _handler.Respond(HttpStatusCode.OK,
            """{"threads":[{"id":"t1","snippet":"Hello","historyId":"99"}],"nextPageToken":"n","resultSizeEstimate":3}""");

        var page = await CreateClient().ListThreadsAsync("from:pat", "p", 2, Ct);

        _handler.Requests.Single().Url.ShouldBe("/gmail/v1/users/me/threads?q=from%3Apat&pageToken=p&maxResults=2");
        var thread = page.Threads.ShouldHaveSingleItem();
        thread.Snippet.ShouldBe("Hello");
        thread.HistoryId.ShouldBe(99UL);
        page.NextPageToken.ShouldBe("n");
    }

    [Fact]
    public async Task CreateDraftAsync_InThread_WrapsTheMessage()
    {
        _handler.Respond(HttpStatusCode.OK, """{"id":"r-1","message":{"id":"m1","threadId":"t1","labelIds":["DRAFT"]}}""");

        var draft = await CreateClient().CreateDraftAsync("cmF3", "t1", Ct);

        var request = _handler.Requests.Single();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Url.ShouldBe("/gmail/v1/users/me/drafts");
        request.Body.ShouldBe("""{"message":{"raw":"cmF3","threadId":"t1"}}""");
        draft.Id.ShouldBe("r-1");
        draft.Message!.HasLabel("DRAFT").ShouldBeTrue();
    }

    [Fact]
    public async Task GetDraftListDraftsSendDraftDeleteDraft_Requests_HaveGmailShapes()
    {
        _handler.Respond(HttpStatusCode.OK, """{"id":"r-1","message":{"id":"m1","threadId":"t1"}}""")
            .Respond(HttpStatusCode.OK, """{"drafts":[{"id":"r-1","message":{"id":"m1","threadId":"t1"}}],"resultSizeEstimate":1}""")
            .Respond(HttpStatusCode.OK, """{"id":"m2","threadId":"t1","labelIds":["SENT"]}""")
            .Respond(HttpStatusCode.NoContent, "");
        var client = CreateClient();

        await client.GetDraftAsync("r-1", MessageFormat.Raw, Ct);
        var list = await client.ListDraftsAsync("p", 10, Ct);
        var sent = await client.SendDraftAsync("r-1", Ct);
        await client.DeleteDraftAsync("r-2", Ct);

        _handler.Requests.Select(r => $"{r.Method} {r.Url} {r.Body}").ShouldBe([
            "GET /gmail/v1/users/me/drafts/r-1?format=raw ",
            "GET /gmail/v1/users/me/drafts?pageToken=p&maxResults=10 ",
            """POST /gmail/v1/users/me/drafts/send {"id":"r-1"}""",
            "DELETE /gmail/v1/users/me/drafts/r-2 ",
        ]);
        list.Drafts.ShouldHaveSingleItem().Id.ShouldBe("r-1");
        sent.HasLabel("SENT").ShouldBeTrue();
    }

    [Fact]
    public async Task SendDraftAsync_ServerError_IsAmbiguousAndNotRetried()
    {
        _handler.Respond(HttpStatusCode.BadGateway, "<html>bad gateway</html>");

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendDraftAsync("r-1", Ct));

        ex.IsAmbiguous.ShouldBeTrue();
        _handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ModifyMessageAsync_AddAndRemove_PostsLabelLists()
    {
        _handler.Respond(HttpStatusCode.OK, """{"id":"m1","threadId":"t1","labelIds":["STARRED"]}""");

        var message = await CreateClient().ModifyMessageAsync("m1", ["STARRED"], ["UNREAD"], Ct);

        var request = _handler.Requests.Single();
        request.Url.ShouldBe("/gmail/v1/users/me/messages/m1/modify");
        request.Body.ShouldBe("""{"addLabelIds":["STARRED"],"removeLabelIds":["UNREAD"]}""");
        message.HasLabel("STARRED").ShouldBeTrue();
    }

    [Fact]
    public async Task LabelsAndSendAs_Requests_ReadTheLists()
    {
        _handler.Respond(HttpStatusCode.OK, """{"labels":[{"id":"SENT","name":"SENT","type":"system"},{"id":"Label_1","name":"Nudge","type":"user"}]}""")
            .Respond(HttpStatusCode.OK, """{"id":"Label_2","name":"Nudge/Replied","type":"user","messageListVisibility":"show","labelListVisibility":"labelShow"}""")
            .Respond(HttpStatusCode.OK, """{"sendAs":[{"sendAsEmail":"sam@acme.example","displayName":"Sam","isPrimary":true,"isDefault":true}]}""");
        var client = CreateClient();

        var labels = await client.ListLabelsAsync(Ct);
        var created = await client.CreateLabelAsync("Nudge/Replied", Ct);
        var sendAs = await client.ListSendAsAsync(Ct);

        labels.Select(l => l.Id).ShouldBe(["SENT", "Label_1"]);
        created.Id.ShouldBe("Label_2");
        _handler.Requests[1].Body.ShouldBe("""{"name":"Nudge/Replied"}""");
        _handler.Requests[2].Url.ShouldBe("/gmail/v1/users/me/settings/sendAs");
        var primary = sendAs.ShouldHaveSingleItem();
        primary.IsPrimary.ShouldBeTrue();
        primary.VerificationStatus.ShouldBeNull();
    }

    [Fact]
    public async Task WatchAsync_Topic_ReadsInt64StringsAndStopPostsNothing()
    {
        _handler.Respond(HttpStatusCode.OK, """{"historyId":"18446744073709551000","expiration":"1773046800000"}""")
            .Respond(HttpStatusCode.NoContent, "");
        var client = CreateClient();

        var watch = await client.WatchAsync("projects/nudge/topics/gmail", ["INBOX"], Ct);
        await client.StopAsync(Ct);

        _handler.Requests[0].Body.ShouldBe("""{"topicName":"projects/nudge/topics/gmail","labelIds":["INBOX"]}""");
        watch.HistoryId.ShouldBe(18446744073709551000UL);
        watch.ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1773046800000));
        _handler.Requests[1].Method.ShouldBe(HttpMethod.Post);
        _handler.Requests[1].Url.ShouldBe("/gmail/v1/users/me/stop");
        _handler.Requests[1].Body.ShouldBeNull();
    }

    [Fact]
    public async Task SendAsync_MessageAboveFiveMegabytes_UsesMultipartUpload()
    {
        _handler.Respond(HttpStatusCode.OK, """{"id":"m1","threadId":"t1","labelIds":["SENT"]}""");
        var message = "Subject: big\r\n\r\n" + new string('x', GmailClient.SimpleUploadLimit + 10);

        await CreateClient().SendAsync(ToRaw(message), "t1", Ct);

        var request = _handler.Requests.Single();
        request.Url.ShouldBe("/upload/gmail/v1/users/me/messages/send?uploadType=multipart");
        request.ContentType!.ShouldStartWith("multipart/related; boundary=");
        request.Body!.ShouldContain("Content-Type: application/json; charset=utf-8\r\n\r\n{\"threadId\":\"t1\"}\r\n");
        request.Body!.ShouldContain("Content-Type: message/rfc822\r\n\r\nSubject: big\r\n\r\nxxx");
    }

    [Fact]
    public async Task SendAsync_SmallMessage_StaysOnTheJsonEndpoint()
    {
        _handler.Respond(HttpStatusCode.OK, """{"id":"m1","threadId":"m1"}""");

        await CreateClient().SendAsync(ToRaw("Subject: small\r\n\r\nhi"), null, Ct);

        _handler.Requests.Single().Url.ShouldBe("/gmail/v1/users/me/messages/send");
    }

    [Fact]
    public async Task SendAsync_MessageAboveThirtyFiveMegabytes_ThrowsNamingTheSizeWithoutCalling()
    {
        var raw = new string('A', 48 * 1024 * 1024);

        var ex = await Should.ThrowAsync<ArgumentException>(() => CreateClient().SendAsync(raw, null, Ct));

        ex.Message.ShouldContain("37,748,736 bytes");
        _handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task BatchGetMetadataAsync_TwoIds_PostsOneMultipartAndCorrelatesByContentId()
    {
        // Answers out of order: correlation must go by Content-ID, not position.
        const string answer =
            "--b1\r\nContent-Type: application/http\r\nContent-ID: <response-2>\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" + NotFound + "\r\n"
            + "--b1\r\nContent-Type: application/http\r\nContent-ID: <response-1>\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
            + """{"id":"a1","threadId":"a1","payload":{"headers":[{"name":"Message-ID","value":"<x@mail.gmail.com>"}]}}""" + "\r\n"
            + "--b1--\r\n";
        _handler.Respond(HttpStatusCode.OK, "", r => r.Content = MultipartAnswer(answer, "b1"));

        var results = await CreateClient().BatchGetMetadataAsync(["a1", "zz"], ["Message-ID", "Subject"], Ct);

        var request = _handler.Requests.Single();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Url.ShouldBe("/batch/gmail/v1");
        request.Authorization.ShouldBe("Bearer secret-token");
        request.ContentType!.ShouldStartWith("multipart/mixed; boundary=");
        request.Body!.ShouldContain(
            "Content-Type: application/http\r\nContent-ID: <1>\r\n\r\nGET /gmail/v1/users/me/messages/a1?format=metadata&metadataHeaders=Message-ID&metadataHeaders=Subject\r\n");
        request.Body!.ShouldContain("Content-ID: <2>\r\n\r\nGET /gmail/v1/users/me/messages/zz?format=metadata");
        results.Select(r => r.Id).ShouldBe(["a1", "zz"]);
        results[0].Message!.GetHeader("message-id").ShouldBe("<x@mail.gmail.com>");
        results[0].Error.ShouldBeNull();
        results[1].Message.ShouldBeNull();
        results[1].Error!.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        results[1].Error!.Reason.ShouldBe("notFound");
    }

    [Fact]
    public async Task BatchGetMetadataAsync_PartRateLimited_IsTransientWithRetryAfter()
    {
        const string answer =
            "--b1\r\nContent-Type: application/http\r\nContent-ID: <response-1>\r\n\r\n"
            + "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n\r\n"
            + """{"error":{"code":429,"message":"Too many concurrent requests for user","errors":[{"message":"Too many concurrent requests for user","domain":"global","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}"""
            + "\r\n--b1--\r\n";
        _handler.Respond(HttpStatusCode.OK, "", r => r.Content = MultipartAnswer(answer, "b1"));

        var result = (await CreateClient().BatchGetMetadataAsync(["a1"], [], Ct)).ShouldHaveSingleItem();

        result.Error!.IsTransient.ShouldBeTrue();
        result.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task BatchGetMetadataAsync_150Ids_SplitsIntoBatchesOfAtMost100()
    {
        var ids = Enumerable.Range(0, 150).Select(i => "m" + i).ToList();
        _handler.Respond(HttpStatusCode.OK, "", r => r.Content = MultipartAnswer(AllFound(ids.Take(100)), "b1"))
            .Respond(HttpStatusCode.OK, "", r => r.Content = MultipartAnswer(AllFound(ids.Skip(100)), "b1"));

        var results = await CreateClient().BatchGetMetadataAsync(ids, ["Subject"], Ct);

        _handler.Requests.Count.ShouldBe(2);
        _handler.Requests[0].Body!.Split("Content-ID: <").Length.ShouldBe(101);
        _handler.Requests[1].Body!.Split("Content-ID: <").Length.ShouldBe(51);
        results.Select(r => r.Message!.Id).ShouldBe(ids);
    }

    [Fact]
    public async Task BatchGetMetadataAsync_NoIds_MakesNoCall()
    {
        var results = await CreateClient().BatchGetMetadataAsync([], ["Subject"], Ct);

        results.ShouldBeEmpty();
        _handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task BatchGetMetadataAsync_WholeBatchRefused_Throws()
    {
        _handler.Respond(HttpStatusCode.BadRequest,
            """{"error":{"code":400,"message":"Too many requests in a batch","errors":[{"message":"Too many requests in a batch","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT"}}""");

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().BatchGetMetadataAsync(["a"], [], Ct));

        ex.Reason.ShouldBe("badRequest");
    }

    private static string AllFound(IEnumerable<string> ids) =>
        string.Concat(ids.Select((id, i) =>
            $"--b1\r\nContent-Type: application/http\r\nContent-ID: <response-{i + 1}>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{{\"id\":\"{id}\",\"threadId\":\"{id}\"}}\r\n"))
        + "--b1--\r\n";

    private static StringContent MultipartAnswer(string body, string boundary)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=" + boundary);
        return content;
    }

    private static string ToRaw(string message) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(message)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private GmailClient CreateClient() =>
        new(new HttpClient(new Nudge.Gmail.Auth.BearerTokenHandler(new Nudge.Gmail.Auth.StaticAccessTokenProvider("secret-token")) { InnerHandler = _handler })
        {
            BaseAddress = new Uri("https://gmail.example/"),
        });
}
