using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nudge.Core.Enrollments;
using Nudge.Core.Scheduling;
using Nudge.Core.Unsubscribe;
using Nudge.Web.Unsubscribe;

namespace Nudge.IntegrationTests.Inbox;

/// <summary>
/// The unsubscribe headers of every sequence mail, followed as a recipient would: the one-click link (RFC 8058) on
/// the web endpoint, and the mailto, which lands in the mailbox and is read in the next sync.
/// </summary>
public partial class UnsubscribeFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unsubscribe_OneClickLinkAndMailtoFromTheSentMail_StopBothContactsBeforeTheirNextStep()
    {
        WorkerOptions? options = null;
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", CampaignInboxTests.OutreachFiles("sam@acme.example"),
            configureWorker: o => options = o, cancellationToken: Ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var web = builder.Build();
        web.MapUnsubscribe(new Unsubscriber(harness.Store, harness.Time),
            cancellation => new ValueTask<byte[]>(UnsubscribeKey.LoadAsync(harness.Store, cancellation)));
        await web.StartAsync(Ct);
        var baseUrl = new Uri(web.Urls.Single() + "/");
        options.ShouldNotBeNull().PublicBaseUrl = baseUrl;

        var ivy = await harness.EnrollAsync("ivy@client.example", "outreach", cancellationToken: Ct);
        var max = await harness.EnrollAsync("max@client.example", "outreach", cancellationToken: Ct);
        (await harness.CycleAsync(Ct)).Sent.ShouldBe(2);

        var ivyMail = (await harness.ReadThreadAsync((await harness.EnrollmentAsync(ivy, Ct)).ThreadId!, Ct)).Single().Mime;
        var maxMail = (await harness.ReadThreadAsync((await harness.EnrollmentAsync(max, Ct)).ThreadId!, Ct)).Single().Mime;
        var header = ivyMail.Headers["List-Unsubscribe"].ShouldNotBeNull();
        header.ShouldStartWith($"<{baseUrl}unsubscribe/");
        header.ShouldContain("<mailto:sam@acme.example?subject=unsubscribe%20");

        // Ivy: the one-click POST a mail client sends.
        var link = Link().Match(header).Groups["url"].Value;
        using var http = new HttpClient();
        using var body = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        (await http.PostAsync(new Uri(link), body, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await harness.EnrollmentAsync(ivy, Ct)).Status.ShouldBe(EnrollmentStatus.Unsubscribed);

        // Max: his client writes to the mailto, from another of his addresses.
        var mailto = Mailto().Match(maxMail.Headers["List-Unsubscribe"]!).Groups["subject"].Value;
        var request = harness.NewMail("max.private@home.example", Uri.UnescapeDataString(mailto), "");
        await harness.DeliverAsync(request, cancellationToken: Ct);
        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);
        (await harness.EnrollmentAsync(max, Ct)).Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        (await harness.Store.FindSuppressionAsync("max@client.example", Ct)).ShouldNotBeNull();
        (await harness.Store.FindSuppressionAsync("ivy@client.example", Ct)).ShouldNotBeNull();

        for (var i = 0; i < 10; i++)
        {
            await harness.PollAsync(TimeSpan.FromDays(1), Ct);
        }

        (await harness.Store.ListOutboxAsync(ivy, Ct)).Count.ShouldBe(1);
        (await harness.Store.ListOutboxAsync(max, Ct)).Count.ShouldBe(1);
    }

    [GeneratedRegex("<(?<url>https?://[^>]+)>")]
    private static partial Regex Link();

    [GeneratedRegex(@"<mailto:[^?]+\?subject=(?<subject>[^>]+)>")]
    private static partial Regex Mailto();
}
