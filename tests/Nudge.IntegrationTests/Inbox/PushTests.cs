using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nudge.Web.Push;

namespace Nudge.IntegrationTests.Inbox;

/// <summary>
/// Push: the worker asks Gmail to publish the mailbox's changes (<c>users.watch</c>, renewed daily), and a Pub/Sub push
/// on the endpoint wakes it before its next poll. Polling stays the safety net.
/// </summary>
public class PushTests
{
    private const string Topic = "projects/nudge-test/topics/gmail";
    private const string Secret = "s3cret-push-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCycle_PushTopicSet_WatchesTheMailboxOnceAndRenewsItDaily()
    {
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", CampaignInboxTests.OutreachFiles("sam@acme.example"),
            configureWorker: o => o.PushTopic = Topic, cancellationToken: Ct);

        await harness.CycleAsync(Ct);
        await harness.PollAsync(TimeSpan.FromHours(1), Ct);
        (await WatchCallsAsync(harness)).ShouldBe(1);
        (await harness.Store.GetMailboxAsync(harness.Mailbox.Id, Ct)).ShouldNotBeNull().WatchExpiresAt
            .ShouldBe(harness.Time.GetUtcNow() - TimeSpan.FromHours(1) + TimeSpan.FromDays(7));

        await harness.PollAsync(TimeSpan.FromHours(23), Ct);
        (await WatchCallsAsync(harness)).ShouldBe(2);
    }

    [Fact]
    public async Task RunCycle_WatchRefused_TriedAgainADayLaterNotEveryCycle()
    {
        // A topic name Gmail refuses (as it refuses a topic it may not publish to).
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", CampaignInboxTests.OutreachFiles("sam@acme.example"),
            configureWorker: o => o.PushTopic = "not-a-topic", cancellationToken: Ct);

        for (var i = 0; i < 20; i++)
        {
            await harness.PollAsync(TimeSpan.FromMinutes(30), Ct);
        }

        (await WatchCallsAsync(harness)).ShouldBe(1);
        (await harness.Store.GetMailboxAsync(harness.Mailbox.Id, Ct)).ShouldNotBeNull().WatchExpiresAt.ShouldBeNull();
        await harness.PollAsync(TimeSpan.FromHours(15), Ct);
        (await WatchCallsAsync(harness)).ShouldBe(2);
    }

    [Fact]
    public async Task MapGmailPush_NotificationWithTheSecret_WakesTheWorkerBeforeItsPoll()
    {
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", CampaignInboxTests.OutreachFiles("sam@acme.example"),
            cancellationToken: Ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var web = builder.Build();
        var received = new List<GmailPushNotification>();
        web.MapGmailPush(Secret, notification =>
        {
            received.Add(notification);
            harness.Worker.Wake();
        });
        await web.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = new Uri(web.Urls.Single()) };

        // The fake clock never reaches the 30-minute poll: only a push can end this wait.
        var waiting = harness.Worker.WaitForWorkAsync(TimeSpan.FromMinutes(30), Ct);
        (await PostAsync(http, "wrong", Envelope("sam@acme.example", "12345"))).ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(http, Secret, "{\"message\":{}}")).ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync(http, Secret, "not json")).ShouldBe(HttpStatusCode.BadRequest);
        waiting.IsCompleted.ShouldBeFalse();

        (await PostAsync(http, Secret, Envelope("sam@acme.example", "12345"))).ShouldBe(HttpStatusCode.NoContent);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBeTrue();
        received.ShouldBe([new GmailPushNotification("sam@acme.example", 12345)]);

        // Gmail's own pushes carry the history id as a number.
        (await PostAsync(http, Secret, Envelope("sam@acme.example", "67890", quoted: false))).ShouldBe(HttpStatusCode.NoContent);
        received[^1].HistoryId.ShouldBe(67890UL);
    }

    private static async Task<long> WatchCallsAsync(InboxHarness harness) =>
        (await harness.UnitsByMethodAsync(Ct)).GetValueOrDefault("Watch") / 100;

    private static string Envelope(string email, string historyId, bool quoted = true)
    {
        var id = quoted ? $"\"{historyId}\"" : historyId;
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"emailAddress\":\"{email}\",\"historyId\":{id}}}"));
        return $"{{\"message\":{{\"data\":\"{data}\",\"messageId\":\"2070443601311540\",\"publishTime\":\"2026-11-30T09:00:00Z\"}}," +
            "\"subscription\":\"projects/nudge-test/subscriptions/gmail-push\"}";
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string token, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"{GmailPushEndpoint.Path}?token={token}", UriKind.Relative), content, Ct);
        return response.StatusCode;
    }
}
