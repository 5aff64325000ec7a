using MimeKit;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Core.Messages;
using Nudge.Sandbox.Recipients;

namespace Nudge.IntegrationTests.Inbox;

/// <summary>
/// What arrives during a running campaign (a reply, an out-of-office, a hard bounce, an unsubscribe request), played
/// by the sandbox's scripted recipients, and how many sync cycles each takes to have its effect.
/// </summary>
public class CampaignInboxTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Dictionary<string, string> OutreachFiles(string mailbox) => new()
    {
        ["sequences/outreach.yaml"] =
            $"name: outreach\nmailbox: {mailbox}\nstop: {{ out_of_office: delay, ooo_delay: 2 days }}\nsteps:\n" +
            "  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 days\n  - template: last\n    wait: 4 days\n",
        ["sequences/templates/intro.liquid"] = "---\nsubject: A question for {{ company | default: \"you\" }}\n---\nHi {{ first_name | default: \"there\" }}, a quick question.\n",
        ["sequences/templates/bump.liquid"] = "Bumping this up.\n",
        ["sequences/templates/last.liquid"] = "Last note from me.\n",
    };

    [Fact]
    public async Task RunCycle_ReplyOutOfOfficeBounceUnsubscribeDuringCampaign_EachTakesEffectInOneCycleBeforeTheNextStep()
    {
        var script = RecipientScript.Parse("""
            {"rules":[
              {"match":"rhea@client.example","behaviour":"reply","after":"1d"},
              {"match":"otto@client.example","behaviour":"out-of-office","after":"10m","returnDate":"2026-12-10"},
              {"match":"*@bounce.example","behaviour":"hard-bounce"},
              {"match":"uma@client.example","behaviour":"unsubscribe","after":"2d"}
            ]}
            """);
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", OutreachFiles("sam@acme.example"), script, cancellationToken: Ct);
        var start = harness.Time.GetUtcNow();
        var rhea = await harness.EnrollAsync("rhea@client.example", "outreach", cancellationToken: Ct);
        var otto = await harness.EnrollAsync("otto@client.example", "outreach", cancellationToken: Ct);
        var bea = await harness.EnrollAsync("bea@bounce.example", "outreach", cancellationToken: Ct);
        var uma = await harness.EnrollAsync("uma@client.example", "outreach", cancellationToken: Ct);
        var carl = await harness.EnrollAsync("carl@client.example", "outreach", cancellationToken: Ct);

        (await harness.CycleAsync(Ct)).Sent.ShouldBe(5);
        var ottoFirstDue = (await harness.EnrollmentAsync(otto, Ct)).DueAt;

        // When each scripted answer lands in the mailbox, and whether its effect has been seen.
        var arrivals = new Dictionary<long, DateTimeOffset>
        {
            [rhea] = start + TimeSpan.FromDays(1),
            [otto] = start + TimeSpan.FromMinutes(10),
            [bea] = start,
            [uma] = start + TimeSpan.FromDays(2),
        };
        var cyclesToEffect = new Dictionary<long, int>();
        var cyclesSinceArrival = arrivals.Keys.ToDictionary(id => id, _ => 0);
        while (harness.Time.GetUtcNow() < start + TimeSpan.FromDays(12))
        {
            await harness.PollAsync(Poll, Ct);
            foreach (var (id, arrival) in arrivals)
            {
                if (cyclesToEffect.ContainsKey(id) || harness.Time.GetUtcNow() < arrival)
                {
                    continue;
                }

                cyclesSinceArrival[id]++;
                var enrollment = await harness.EnrollmentAsync(id, Ct);
                if (id == otto ? enrollment.DueAt != ottoFirstDue : !enrollment.IsActive)
                {
                    cyclesToEffect[id] = cyclesSinceArrival[id];
                }
            }
        }

        foreach (var id in arrivals.Keys)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"enrollment {id}: effect after {cyclesToEffect.GetValueOrDefault(id)} sync cycle(s)");
            cyclesToEffect.GetValueOrDefault(id).ShouldBe(1, $"enrollment {id}");
        }

        (await harness.EnrollmentAsync(rhea, Ct)).Status.ShouldBe(EnrollmentStatus.Replied);
        (await harness.EnrollmentAsync(bea, Ct)).Status.ShouldBe(EnrollmentStatus.Bounced);
        (await harness.EnrollmentAsync(uma, Ct)).Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        (await harness.Store.FindSuppressionAsync("bea@bounce.example", Ct)).ShouldNotBeNull();
        (await harness.Store.FindSuppressionAsync("uma@client.example", Ct)).ShouldNotBeNull();
        foreach (var stopped in new[] { rhea, bea, uma })
        {
            (await harness.Store.ListOutboxAsync(stopped, Ct)).Select(o => o.Step).ShouldBe([1], $"enrollment {stopped}");
        }

        // The out-of-office said "back on 10 December": step 2 (due 3 December) waited for it.
        var ottoSends = await harness.Store.ListOutboxAsync(otto, Ct);
        ottoSends.Count.ShouldBeGreaterThanOrEqualTo(2);
        ottoSends[1].SentAt.ShouldNotBeNull().UtcDateTime.ShouldBeGreaterThanOrEqualTo(new DateTime(2026, 12, 10, 0, 0, 0, DateTimeKind.Utc));
        (await harness.Store.ListOutboxAsync(carl, Ct)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task RunCycle_HistoryExpiredWhileTheWorkerWasDown_FullSyncStillFindsTheReply()
    {
        var script = RecipientScript.Parse("""{"rules":[{"match":"rhea@client.example","behaviour":"reply","after":"1d"}]}""");
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", OutreachFiles("sam@acme.example"), script, cancellationToken: Ct);
        var rhea = await harness.EnrollAsync("rhea@client.example", "outreach", cancellationToken: Ct);
        (await harness.CycleAsync(Ct)).Sent.ShouldBe(1);

        // The worker is down for 10 days; the sandbox, like Gmail, keeps about a week of history. On day 1 the user sends
        // three mails by hand.
        harness.Time.Advance(TimeSpan.FromDays(1));
        for (var i = 0; i < 3; i++)
        {
            var manual = harness.NewMail("sam@acme.example", $"Lunch {i}", "See you at noon.");
            manual.To.Clear();
            manual.To.Add(MailboxAddress.Parse($"friend{i}@elsewhere.example"));
            await harness.MailboxClient.SendAsync(MessageComposer.ToRaw(manual), null, Ct);
        }

        harness.Time.Advance(TimeSpan.FromDays(9));
        await harness.CycleAsync(Ct);

        var enrollment = await harness.EnrollmentAsync(rhea, Ct);
        enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        (await harness.Store.ListOutboxAsync(rhea, Ct)).Count.ShouldBe(1);
        (await harness.Store.GetMailboxAsync(harness.Mailbox.Id, Ct)).ShouldNotBeNull().HistorySyncedAt.ShouldBe(harness.Time.GetUtcNow());

        // The manual sends count from when they were sent, nine days ago: none is in today's sending window.
        var quota = await harness.Store.GetQuotaStateAsync(harness.Mailbox.Id, harness.Time.GetUtcNow() - TimeSpan.FromDays(1), Ct);
        quota.SendTimes.ShouldBeEmpty();
        (await harness.Store.GetQuotaStateAsync(harness.Mailbox.Id, harness.Time.GetUtcNow() - TimeSpan.FromDays(10), Ct)).SendTimes.Count.ShouldBe(4);
    }

    [Fact]
    public async Task RunCycle_OneThousandEnrollmentsAndNoNewMail_CostsAFewUnitsPerCycleAndAboutOneReadPerReply()
    {
        var script = RecipientScript.Parse("""{"rules":[{"match":"*@replies.example","behaviour":"reply","after":"2h"}]}""");
        await using var harness = await InboxHarness.StartAsync("sam@acme.example", OutreachFiles("sam@acme.example"), script,
            kind: MailboxKind.Workspace, cancellationToken: Ct);

        // Ten contacts get step 1 now and will answer; 990 more are active with their first step three days away. The
        // cost of a sync must not depend on them: Nudge reads the mailbox's history, not each thread.
        for (var i = 0; i < 10; i++)
        {
            await harness.EnrollAsync($"lead-{i}@replies.example", "outreach", cancellationToken: Ct);
        }

        var sent = 0;
        for (var cycle = 0; cycle < 5 && sent < 10; cycle++)
        {
            sent += (await harness.PollAsync(TimeSpan.FromSeconds(10), Ct)).Sent;
        }

        sent.ShouldBe(10);
        for (var i = 10; i < 1000; i++)
        {
            var id = await harness.EnrollAsync($"lead-{i}@client.example", "outreach", cancellationToken: Ct);
            await harness.Store.DeferEnrollmentAsync(id, harness.Time.GetUtcNow() + TimeSpan.FromDays(3), Ct);
        }

        (await harness.Store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(1000);

        // The replies are due in 2 hours; until then, nothing new arrives: cycles of pure polling.
        const int IdleCycles = 10;
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var before = await harness.UnitsAsync(Ct);
        for (var i = 0; i < IdleCycles; i++)
        {
            await harness.PollAsync(TimeSpan.FromMinutes(1), Ct);
        }

        var perIdleCycle = (await harness.UnitsAsync(Ct) - before) / (double)IdleCycles;

        harness.Time.Advance(TimeSpan.FromHours(2));
        before = await harness.UnitsAsync(Ct);
        var stopped = (await harness.CycleAsync(Ct)).Stopped;
        var replyCycleUnits = await harness.UnitsAsync(Ct) - before;

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"1,000 active enrollments, one mailbox: {perIdleCycle:0.#} units per sync cycle with no new mail; " +
            $"{replyCycleUnits} units for the cycle that found {stopped} replies ({replyCycleUnits / (double)Math.Max(1, stopped):0.#} per reply)");
        stopped.ShouldBe(10);

        // One history.list call (2 units) for a cycle that sends nothing; a reply adds its one raw read (20).
        perIdleCycle.ShouldBe(2);
        replyCycleUnits.ShouldBe(2 + (20 * stopped));
    }
}
