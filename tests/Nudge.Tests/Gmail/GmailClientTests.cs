using System.Net;
using Nudge.Core.GmailApi;
using Nudge.Gmail;
using Nudge.Gmail.Auth;

namespace Nudge.Tests.Gmail;

public class GmailClientTests
{
    private const string NotFound =
        """{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"message":"Requested entity was not found.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}}""";

    private readonly ScriptedHandler _handler = new();

    [Fact]
    public async Task SendAsync_Success_PostsRawAndThreadIdWithBearerToken()
    {
        _handler.Respond(HttpStatusCode.OK, """{"id":"18c1a2b3c4d5e6f7","threadId":"18c1a2b3c4d5e6f0","labelIds":["SENT"]}""");

        var sent = await CreateClient().SendAsync("cmF3", "18c1a2b3c4d5e6f0", TestContext.Current.CancellationToken);

        sent.Id.ShouldBe("18c1a2b3c4d5e6f7");
        sent.HasLabel("SENT").ShouldBeTrue();
        var request = _handler.Requests.Single();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Url.ShouldBe("/gmail/v1/users/me/messages/send");
        request.Authorization.ShouldBe("Bearer secret-token");
        request.Body.ShouldBe("""{"raw":"cmF3","threadId":"18c1a2b3c4d5e6f0"}""");
    }

    [Fact]
    public async Task GetMessageAsync_Metadata_AsksForEachHeaderAndReadsInt64Strings()
    {
        _handler.Respond(HttpStatusCode.OK,
            """{"id":"a","threadId":"a","historyId":"18446744073709551000","internalDate":"1764057600000","sizeEstimate":1200,"payload":{"headers":[{"name":"Message-Id","value":"<x@mail.gmail.com>"}]}}""");

        var message = await CreateClient().GetMessageAsync("a", MessageFormat.Metadata, ["Message-ID", "References"], TestContext.Current.CancellationToken);

        _handler.Requests.Single().Url.ShouldBe("/gmail/v1/users/me/messages/a?format=metadata&metadataHeaders=Message-ID&metadataHeaders=References");
        message.HistoryId.ShouldBe(18446744073709551000UL);
        message.InternalDate.ShouldBe(1764057600000L);
        message.GetHeader("message-id").ShouldBe("<x@mail.gmail.com>");
    }

    [Fact]
    public async Task ListHistoryAsync_EmptyHistory_HasNoRecordsAndTheNewCheckpoint()
    {
        _handler.Respond(HttpStatusCode.OK, """{"historyId":"1234"}""");

        var page = await CreateClient().ListHistoryAsync(1200, [GmailHistoryType.MessageAdded], null, null, TestContext.Current.CancellationToken);

        _handler.Requests.Single().Url.ShouldBe("/gmail/v1/users/me/history?startHistoryId=1200&historyTypes=messageAdded");
        page.History.ShouldBeNull();
        page.HistoryId.ShouldBe(1234UL);
    }

    [Fact]
    public async Task GetMessageAsync_NotFound_ThrowsWithReasonNotTransient()
    {
        _handler.Respond(HttpStatusCode.NotFound, NotFound);

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("zz", MessageFormat.Minimal, null, TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ex.Reason.ShouldBe("notFound");
        ex.IsTransient.ShouldBeFalse();
        ex.IsAmbiguous.ShouldBeFalse();
        ex.Message.ShouldContain("Requested entity was not found.");
    }

    [Fact]
    public async Task SendAsync_ServerError_IsTransientAndAmbiguous()
    {
        _handler.Respond(HttpStatusCode.InternalServerError,
            """{"error":{"code":500,"message":"Backend Error","errors":[{"message":"Backend Error","domain":"global","reason":"backendError"}],"status":"INTERNAL"}}""");

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.IsTransient.ShouldBeTrue();
        ex.IsAmbiguous.ShouldBeTrue("Gmail may have accepted the send before failing");
        _handler.Requests.Count.ShouldBe(1, "a send is never retried by the client");
    }

    [Fact]
    public async Task GetProfileAsync_ServerError_IsTransientButNotAmbiguous()
    {
        _handler.Respond(HttpStatusCode.ServiceUnavailable, "<html>unavailable</html>");

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().GetProfileAsync(TestContext.Current.CancellationToken));

        ex.IsTransient.ShouldBeTrue();
        ex.IsAmbiguous.ShouldBeFalse();
        ex.Reason.ShouldBeNull();
    }

    [Fact]
    public async Task SendAsync_TooManyRequests_CarriesRetryAfterAndIsNotAmbiguous()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests,
            """{"error":{"code":429,"message":"User-rate limit exceeded.","errors":[{"message":"User-rate limit exceeded.","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""",
            r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30)));

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.IsTransient.ShouldBeTrue();
        ex.IsAmbiguous.ShouldBeFalse();
        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
        ex.Reason.ShouldBe("rateLimitExceeded");
    }

    [Fact]
    public async Task SendAsync_ConnectionDropped_IsAmbiguous()
    {
        _handler.Throw(new HttpRequestException("connection reset"));

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBeNull();
        ex.IsAmbiguous.ShouldBeTrue();
    }

    [Fact]
    public async Task GetProfileAsync_TokenNeverReachesTheExceptionMessage()
    {
        _handler.Respond(HttpStatusCode.Unauthorized,
            """{"error":{"code":401,"message":"Request had invalid authentication credentials.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}""");

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().GetProfileAsync(TestContext.Current.CancellationToken));

        ex.Reason.ShouldBe("authError");
        ex.ToString().ShouldNotContain("secret-token");
    }

    private GmailClient CreateClient() =>
        new(new HttpClient(new BearerTokenHandler(new StaticAccessTokenProvider("secret-token")) { InnerHandler = _handler })
        {
            BaseAddress = new Uri("https://gmail.example/"),
        });
}
