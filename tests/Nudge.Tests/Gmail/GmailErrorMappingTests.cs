using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.GmailApi;
using Nudge.Gmail;

namespace Nudge.Tests.Gmail;

/// <summary>Every error body of GMAIL-FACTS §4, copied from the doc (elided parts filled in), and what the client makes of it.</summary>
public class GmailErrorMappingTests
{
    private const string BadRequest =
        """{"error":{"code":400,"message":"Invalid value 'x' for parameter maxResults","errors":[{"message":"Invalid value 'x' for parameter maxResults","domain":"global","reason":"badRequest","location":"maxResults","locationType":"parameter"}],"status":"INVALID_ARGUMENT"}}""";

    private const string NoRecipients =
        """{"error":{"code":400,"errors":[{"domain":"global","message":"Recipient address required","reason":"invalidArgument"}],"message":"Recipient address required","status":"INVALID_ARGUMENT"}}""";

    private const string BadToHeader =
        """{"error":{"code":400,"errors":[{"domain":"global","message":"Invalid To header","reason":"invalidArgument"}],"message":"Invalid To header","status":"INVALID_ARGUMENT"}}""";

    private const string BadToHeaderOld =
        """{"error":{"code":400,"errors":[{"domain":"global","message":"Invalid to header","reason":"invalidArgument"}],"message":"Invalid to header","status":"INVALID_ARGUMENT"}}""";

    // The doc gives only the message and the status for this one: the reason falls back to the status.
    private const string RawNotBase64 =
        """{"error":{"code":400,"message":"Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed for \"not base64!\"","status":"INVALID_ARGUMENT"}}""";

    private const string RawNotBase64Old =
        """{"error":{"code":400,"errors":[{"domain":"global","message":"Invalid value for ByteString: not base64!","reason":"invalid"}],"message":"Invalid value for ByteString: not base64!"}}""";

    private const string MalformedId =
        """{"error":{"code":400,"errors":[{"domain":"global","message":"Invalid id value","reason":"invalidArgument"}],"message":"Invalid id value","status":"INVALID_ARGUMENT"}}""";

    private const string InvalidCredentials =
        """{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}""";

    private const string MissingCredentials =
        """{"error":{"code":401,"message":"Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.","errors":[{"message":"Login Required.","domain":"global","reason":"required","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"CREDENTIALS_MISSING","domain":"googleapis.com","metadata":{"service":"gmail.googleapis.com","method":"caribou.api.proto.MailboxService.GetMessage"}}]}}""";

    private const string InsufficientScopes =
        """{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT","domain":"googleapis.com","metadata":{"service":"gmail.googleapis.com","method":"caribou.api.proto.MailboxService.SendMessage"}}]}}""";

    private const string MetadataScopeWithQ =
        """{"error":{"code":403,"message":"Metadata scope does not support 'q' parameter","errors":[{"message":"Metadata scope does not support 'q' parameter","domain":"global","reason":"forbidden"}],"status":"PERMISSION_DENIED"}}""";

    private const string MetadataScopeWithFull =
        """{"error":{"code":403,"message":"Metadata scope doesn't allow format FULL","errors":[{"message":"Metadata scope doesn't allow format FULL","domain":"global","reason":"forbidden"}],"status":"PERMISSION_DENIED"}}""";

    private const string PerMinuteQuota403 =
        """{"error":{"code":403,"message":"Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:123'.","errors":[{"message":"Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:123'.","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com","metadata":{"quota_metric":"gmail.googleapis.com/default","quota_limit":"defaultPerMinutePerUser","quota_limit_value":"15000","service":"gmail.googleapis.com","consumer":"projects/123","quota_location":"global"}},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Request a higher quota limit.","url":"https://cloud.google.com/docs/quota#requesting_higher_quota"}]}]}}""";

    private const string PerMinuteQuota429 =
        """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","errors":[{"message":"Resource has been exhausted (e.g. check quota).","domain":"global","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string UserRateLimitDocumented403 =
        """{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"message":"User Rate Limit Exceeded","domain":"usageLimits","reason":"userRateLimitExceeded"}],"status":"PERMISSION_DENIED"}}""";

    private const string UserRateLimitDocumented429 =
        """{"error":{"code":429,"message":"User Rate Limit Exceeded","errors":[{"message":"User Rate Limit Exceeded","domain":"usageLimits","reason":"userRateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string BackendUserRate =
        """{"error":{"code":429,"message":"User-rate limit exceeded.  Retry after 2023-03-07T18:03:15.961Z","errors":[{"message":"User-rate limit exceeded.  Retry after 2023-03-07T18:03:15.961Z","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string MailSendingLimit =
        """{"error":{"code":429,"message":"User-rate limit exceeded.  Retry after 2026-03-03T09:00:00.000Z (Mail sending)","errors":[{"message":"User-rate limit exceeded.  Retry after 2026-03-03T09:00:00.000Z (Mail sending)","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string MailSendingLimit403 =
        """{"error":{"code":403,"message":"User-rate limit exceeded.  Retry after 2026-03-03T09:00:00.000Z (Mail sending)","errors":[{"message":"User-rate limit exceeded.  Retry after 2026-03-03T09:00:00.000Z (Mail sending)","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"PERMISSION_DENIED"}}""";

    private const string ForwardingRulesLimit =
        """{"error":{"code":429,"message":"User-rate limit exceeded.  Retry after 2026-03-02T10:30:00.000Z (Forwarding rules)","errors":[{"message":"User-rate limit exceeded.  Retry after 2026-03-02T10:30:00.000Z (Forwarding rules)","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string Concurrency =
        """{"error":{"code":429,"message":"Too many concurrent requests for user","errors":[{"message":"Too many concurrent requests for user","domain":"global","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""";

    private const string DailyProjectQuota =
        """{"error":{"code":403,"message":"Daily Limit Exceeded","errors":[{"message":"Daily Limit Exceeded","domain":"usageLimits","reason":"dailyLimitExceeded"}]}}""";

    private const string NotFound =
        """{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"message":"Requested entity was not found.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}}""";

    private const string BackendError500 =
        """{"error":{"code":500,"message":"Backend Error","errors":[{"message":"Backend Error","domain":"global","reason":"backendError"}],"status":"INTERNAL"}}""";

    private const string Unavailable503 =
        """{"error":{"code":503,"message":"The service is currently unavailable.","errors":[{"message":"The service is currently unavailable.","domain":"global","reason":"backendError"}],"status":"UNAVAILABLE"}}""";

    // Google's front end answers 502/504 with an HTML page, not the envelope.
    private const string HtmlGatewayPage = "<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title></html>";

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly ScriptedHandler _handler = new();
    private readonly FakeTimeProvider _time = new(Now);

    public static TheoryData<string, int, string, string?, bool> Cases => new()
    {
        { "bad request", 400, BadRequest, "badRequest", false },
        { "no recipients", 400, NoRecipients, "invalidArgument", false },
        { "bad To header", 400, BadToHeader, "invalidArgument", false },
        { "bad to header (old text)", 400, BadToHeaderOld, "invalidArgument", false },
        { "raw not base64", 400, RawNotBase64, "INVALID_ARGUMENT", false },
        { "raw not base64 (old stack)", 400, RawNotBase64Old, "invalid", false },
        { "malformed id", 400, MalformedId, "invalidArgument", false },
        { "invalid credentials", 401, InvalidCredentials, "authError", false },
        { "missing credentials", 401, MissingCredentials, "required", false },
        { "insufficient scopes", 403, InsufficientScopes, "insufficientPermissions", false },
        { "metadata scope with q", 403, MetadataScopeWithQ, "forbidden", false },
        { "metadata scope with format full", 403, MetadataScopeWithFull, "forbidden", false },
        { "per-minute quota 403", 403, PerMinuteQuota403, "rateLimitExceeded", true },
        { "per-minute quota 429", 429, PerMinuteQuota429, "rateLimitExceeded", true },
        { "userRateLimitExceeded 403", 403, UserRateLimitDocumented403, "userRateLimitExceeded", true },
        { "userRateLimitExceeded 429", 429, UserRateLimitDocumented429, "userRateLimitExceeded", true },
        { "backend per-user limit", 429, BackendUserRate, "rateLimitExceeded", true },
        { "mail sending limit", 429, MailSendingLimit, "rateLimitExceeded", true },
        { "mail sending limit 403", 403, MailSendingLimit403, "rateLimitExceeded", true },
        { "forwarding rules limit", 429, ForwardingRulesLimit, "rateLimitExceeded", true },
        { "concurrent requests", 429, Concurrency, "rateLimitExceeded", true },
        { "legacy daily project quota", 403, DailyProjectQuota, "dailyLimitExceeded", true },
        { "not found", 404, NotFound, "notFound", false },
        { "backend error 500", 500, BackendError500, "backendError", true },
        { "unavailable 503", 503, Unavailable503, "backendError", true },
        { "bad gateway 502", 502, HtmlGatewayPage, null, true },
        { "gateway timeout 504", 504, HtmlGatewayPage, null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GetMessageAsync_ErrorBody_MapsStatusReasonAndTransienceNeverAmbiguous(string name, int status, string body, string? reason,
        bool transient)
    {
        _handler.Respond((HttpStatusCode)status, body);

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("18c1a2b3c4d5e6f7", MessageFormat.Metadata, null, TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe((HttpStatusCode)status, name);
        ex.Reason.ShouldBe(reason, name);
        ex.IsTransient.ShouldBe(transient, name);
        ex.IsAmbiguous.ShouldBeFalse("a read has no effect to duplicate");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SendAsync_ErrorBody_MapsStatusReasonAndTransienceAmbiguousOnlyOn5xx(string name, int status, string body, string? reason,
        bool transient)
    {
        _handler.Respond((HttpStatusCode)status, body);

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.StatusCode.ShouldBe((HttpStatusCode)status, name);
        ex.Reason.ShouldBe(reason, name);
        ex.IsTransient.ShouldBe(transient, name);
        ex.IsAmbiguous.ShouldBe(status >= 500, "a 4xx refuses the send; after a 5xx Gmail may have sent it");
        _handler.Requests.Count.ShouldBe(1, "a send is never retried");
    }

    [Fact]
    public async Task SendAsync_FromNotAVerifiedSendAs_IsNoError()
    {
        // GMAIL-FACTS §4: Gmail rewrites an unverified From to the primary address and answers 200.
        _handler.Respond(HttpStatusCode.OK, """{"id":"18c1a2b3c4d5e6f7","threadId":"18c1a2b3c4d5e6f7","labelIds":["SENT"]}""");

        var sent = await CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken);

        sent.HasLabel("SENT").ShouldBeTrue();
    }

    [Fact]
    public async Task SendAsync_RetryAfterInMessage_MeasuredFromTheDateHeader()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, BackendUserRate,
            r => r.Headers.Date = new DateTimeOffset(2023, 3, 7, 18, 0, 0, TimeSpan.Zero));

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBe(TimeSpan.FromMinutes(3) + TimeSpan.FromMilliseconds(15961));
    }

    [Fact]
    public async Task SendAsync_MailSendingLimitWithoutDate_MeasuredFromTheTimeProvider()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, MailSendingLimit);

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBe(TimeSpan.FromDays(1));
        ex.IsAmbiguous.ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_MailSendingLimit403_AlsoCarriesRetryAfter()
    {
        _handler.Respond(HttpStatusCode.Forbidden, MailSendingLimit403);

        var ex = await Should.ThrowAsync<GmailApiException>(() => CreateClient().SendAsync("cmF3", null, TestContext.Current.CancellationToken));

        ex.IsTransient.ShouldBeTrue();
        ex.RetryAfter.ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task GetMessageAsync_ForwardingRulesLimit_RetryAfterFromMessage()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, ForwardingRulesLimit);

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("a", MessageFormat.Minimal, null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBe(TimeSpan.FromMinutes(90));
    }

    [Fact]
    public async Task GetMessageAsync_RetryAfterInThePast_IsZero()
    {
        // The backend's time "can be wrong" (GMAIL-FACTS §4): a time already passed means "now", never a negative wait.
        _handler.Respond(HttpStatusCode.TooManyRequests, BackendUserRate);

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("a", MessageFormat.Minimal, null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task GetMessageAsync_RetryAfterHeaderDate_MeasuredFromTheTimeProviderWithoutDate()
    {
        _handler.Respond(HttpStatusCode.ServiceUnavailable, Unavailable503,
            r => r.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(45)));

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("a", MessageFormat.Minimal, null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task GetMessageAsync_RetryAfterHeaderSeconds_WinsOverTheMessage()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, MailSendingLimit,
            r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)));

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("a", MessageFormat.Minimal, null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task GetMessageAsync_PerMinuteQuota_HasNoRetryAfter()
    {
        _handler.Respond(HttpStatusCode.Forbidden, PerMinuteQuota403);

        var ex = await Should.ThrowAsync<GmailApiException>(() =>
            CreateClient().GetMessageAsync("a", MessageFormat.Minimal, null, TestContext.Current.CancellationToken));

        ex.RetryAfter.ShouldBeNull();
        ex.Message.ShouldContain("Queries per minute per user");
    }

    private GmailClient CreateClient() => new(new HttpClient(_handler) { BaseAddress = new Uri("https://gmail.example/") }, _time);
}
