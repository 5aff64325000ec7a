using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxQuotaTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Send_PerMinuteUnitsExceeded_Returns403RateLimitAndRecoversAfterAMinute()
    {
        // 6,000 units a minute at 100 units a send: 60 sends fit, the 61st does not.
        await using var session = await SandboxSession.StartAsync(configure: o => o.QuotaRegime = QuotaRegime.May2026);
        for (var i = 0; i < 60; i++)
        {
            (await session.SendAsync(SandboxSession.Compose($"Send {i}"))).Status.ShouldBe(HttpStatusCode.OK);
        }

        var (status, json) = await session.SendAsync(SandboxSession.Compose("One too many"));

        status.ShouldBe(HttpStatusCode.Forbidden);
        var error = json.GetProperty("error");
        error.GetProperty("code").GetInt32().ShouldBe(403);
        error.GetProperty("status").GetString().ShouldBe("PERMISSION_DENIED");
        error.GetProperty("message").GetString()!.ShouldStartWith("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user'");
        error.GetProperty("errors")[0].GetProperty("domain").GetString().ShouldBe("usageLimits");
        error.GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("rateLimitExceeded");
        var detail = error.GetProperty("details")[0];
        detail.GetProperty("reason").GetString().ShouldBe("RATE_LIMIT_EXCEEDED");
        detail.GetProperty("metadata").GetProperty("quota_limit_value").GetString().ShouldBe("6000");

        session.Time.Advance(TimeSpan.FromSeconds(59));
        (await session.SendAsync(SandboxSession.Compose("Still limited"))).Status.ShouldBe(HttpStatusCode.Forbidden);
        session.Time.Advance(TimeSpan.FromSeconds(1));
        (await session.SendAsync(SandboxSession.Compose("After a minute"))).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_LegacyRegime_AllowsMoreUnitsThanMay2026()
    {
        // messages.get is 5 units (legacy) or 20 (May 2026): 300 gets exhaust 6,000 units but not 15,000.
        await using var legacy = await SandboxSession.StartAsync(configure: o => o.QuotaRegime = QuotaRegime.Legacy);
        await using var current = await SandboxSession.StartAsync(configure: o => o.QuotaRegime = QuotaRegime.May2026);
        var (legacyId, _, _) = await legacy.SendAndReadBackAsync(SandboxSession.Compose("Read me"));
        var (currentId, _, _) = await current.SendAndReadBackAsync(SandboxSession.Compose("Read me"));

        // SendAndReadBack used 100 + 1 get; 294 more gets bring May 2026 to 100 + 295 * 20 = 6,000.
        for (var i = 0; i < 294; i++)
        {
            (await current.GetAsync($"gmail/v1/users/me/messages/{currentId}?format=minimal")).Status.ShouldBe(HttpStatusCode.OK);
            (await legacy.GetAsync($"gmail/v1/users/me/messages/{legacyId}?format=minimal")).Status.ShouldBe(HttpStatusCode.OK);
        }

        (await current.GetAsync($"gmail/v1/users/me/messages/{currentId}?format=minimal")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await legacy.GetAsync($"gmail/v1/users/me/messages/{legacyId}?format=minimal")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Send_DailyLimitReached_Returns429MailSendingUntilOldestSendLeavesRolling24Hours()
    {
        await using var session = await SandboxSession.StartAsync(time: new FakeTimeProvider(Start), configure: o => o.DailySendLimit = 3);
        (await session.SendAsync(SandboxSession.Compose("First"))).Status.ShouldBe(HttpStatusCode.OK);
        session.Time.Advance(TimeSpan.FromHours(5));
        (await session.SendAsync(SandboxSession.Compose("Second"))).Status.ShouldBe(HttpStatusCode.OK);
        (await session.SendAsync(SandboxSession.Compose("Third"))).Status.ShouldBe(HttpStatusCode.OK);

        using var content = new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { raw = SandboxSession.ToRaw(SandboxSession.Compose("Fourth")) }),
            System.Text.Encoding.UTF8,
            "application/json");
        using var response = await session.Http.PostAsync("gmail/v1/users/me/messages/send", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldBeNull();
        SandboxOAuthTests.Compact(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe(
            """{"error":{"code":429,"message":"User-rate limit exceeded.  Retry after 2026-11-26T09:00:00.000Z (Mail sending)","errors":[{"message":"User-rate limit exceeded.  Retry after 2026-11-26T09:00:00.000Z (Mail sending)","domain":"usageLimits","reason":"rateLimitExceeded"}],"status":"RESOURCE_EXHAUSTED"}}""");

        // A rolling window, not a calendar day: midnight changes nothing, the first send leaving the window does.
        session.Time.Advance(TimeSpan.FromHours(18.99));
        (await session.SendAsync(SandboxSession.Compose("Still limited"))).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        session.Time.Advance(TimeSpan.FromHours(0.01));
        (await session.SendAsync(SandboxSession.Compose("Back"))).Status.ShouldBe(HttpStatusCode.OK);
        (await session.SendAsync(SandboxSession.Compose("Limited again"))).Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Send_DailyLimitReachedThenRestartedWithStateFile_StillLimitedUntilTheWindowFrees()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), $"nudge-sandbox-{Guid.NewGuid():N}.json");
        var time = new FakeTimeProvider(Start);
        try
        {
            await using (var first = await SandboxSession.StartAsync(dataPath, time, o => o.DailySendLimit = 2))
            {
                (await first.SendAsync(SandboxSession.Compose("One"))).Status.ShouldBe(HttpStatusCode.OK);
                (await first.SendAsync(SandboxSession.Compose("Two"))).Status.ShouldBe(HttpStatusCode.OK);
            }

            time.Advance(TimeSpan.FromHours(1));
            await using var restarted = await SandboxSession.StartAsync(dataPath, time, o => o.DailySendLimit = 2);

            (await restarted.SendAsync(SandboxSession.Compose("Three"))).Status.ShouldBe(HttpStatusCode.TooManyRequests);
            time.Advance(TimeSpan.FromHours(23));
            (await restarted.SendAsync(SandboxSession.Compose("Four"))).Status.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(dataPath);
        }
    }

    [Fact]
    public async Task Send_RefusedSends_DoNotCountTowardTheDailyLimit()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.DailySendLimit = 1);

        // No recipients: Gmail refuses it with 400, and it is not a sent message.
        var noRecipients = SandboxSession.Compose("Nobody");
        noRecipients.To.Clear();
        (await session.SendAsync(noRecipients)).Status.ShouldBe(HttpStatusCode.BadRequest);

        (await session.SendAsync(SandboxSession.Compose("The one"))).Status.ShouldBe(HttpStatusCode.OK);
        (await session.SendAsync(SandboxSession.Compose("One more"))).Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }
}
