using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;
using Nudge.Gmail;
using Nudge.Sandbox;
using Nudge.Sandbox.Recipients;
using Nudge.Storage.Sqlite;

namespace Nudge.Bench.Suites;

/// <summary>
/// <c>quota</c>: the Gmail API units a whole campaign costs per delivered message, every sync call included, measured by
/// the sandbox's own quota accounting over simulated days; and how many sync cycles a reply takes to stop its sequence.
/// </summary>
/// <remarks>
/// The campaign: 1,000 contacts, one Workspace mailbox, 3 steps (day 0, +3 and +4 business days, weekdays 09:00–17:00),
/// 10 simulated days; 20 % reply (1 hour to 2 days after the intro), 5 % bounce, 3 % answer out of office. It runs twice
/// on the same clock-driven engine: the worker polling every 30 seconds (the default), and with Gmail push
/// (<c>--push-topic</c>: a cycle when mail arrives or a step is due, a safety poll every 10 minutes, and the daily
/// <c>users.watch</c> renewal). A send costs 100 units, so 100 is the floor.
/// </remarks>
public sealed class QuotaSuite : IBenchSuite
{
    private const string MailboxEmail = "sam@acme.example";
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    /// <inheritdoc/>
    public string Name => "quota";

    /// <inheritdoc/>
    public string Description =>
        "Gmail quota units per delivered message for a 3-step campaign of 1,000 contacts in one mailbox over 10 simulated days " +
        "(20 % replies, 5 % bounces, 3 % out-of-office), every sync call included, by the sandbox's own accounting; the floor is " +
        "100 units (one send). Polling every 30 s, and with Gmail push. Plus reply-stop latency in sync cycles.";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contacts = context.Pick(1_000, 40);
        var days = context.Pick(10, 1);
        var poll = await RunCampaignAsync(context, contacts, days, push: false, cancellationToken);
        context.Report(new BenchFigure("quota_units_per_delivered_poll_30s", poll.UnitsPerDelivered, "units/message",
            "≤ 105", poll.UnitsPerDelivered <= 105));
        var push = await RunCampaignAsync(context, contacts, days, push: true, cancellationToken);
        context.Report(new BenchFigure("quota_units_per_delivered_push", push.UnitsPerDelivered, "units/message",
            "≤ 105", push.UnitsPerDelivered <= 105));
        // The legacy regime charges 5 units for messages.get where the May 2026 one charges 20 (GMAIL-FACTS §2.2, §3).
        var legacy = await RunCampaignAsync(context, contacts, days, push: true, cancellationToken, legacyQuota: true);
        context.Report(new BenchFigure("quota_units_per_delivered_push_legacy", legacy.UnitsPerDelivered, "units/message",
            "≤ 105", legacy.UnitsPerDelivered <= 105));
        context.Report("quota_delivered", push.Delivered, "messages");
        context.Report("quota_sync_cycles_poll_30s", poll.Cycles, "cycles");
        context.Report("quota_sync_cycles_push", push.Cycles, "cycles");
        context.Report("quota_reply_stop_latency_max", Math.Max(poll.MaxReplyLatency, push.MaxReplyLatency), "cycles");
        context.Report("quota_replies_stopped", push.RepliesStopped, "replies");
    }

    private static async Task<CampaignResult> RunCampaignAsync(BenchContext context, int contactCount, int days, bool push,
        CancellationToken cancellationToken, bool legacyQuota = false)
    {
        var time = new FakeTimeProvider(Start);
        var replies = contactCount / 5;
        var bounces = contactCount / 20;
        var outOfOffice = contactCount * 3 / 100;
        var rules = new List<RecipientRule>();
        for (var i = 0; i < contactCount; i++)
        {
            var address = Address(i);
            if (i < replies)
            {
                // Spread over an hour to two days after the intro, as people answer.
                rules.Add(new RecipientRule { Match = address, Behaviour = RecipientBehaviour.Reply, Delay = TimeSpan.FromMinutes(60 + (i * 2820 / Math.Max(1, replies))) });
            }
            else if (i < replies + bounces)
            {
                rules.Add(new RecipientRule { Match = address, Behaviour = RecipientBehaviour.HardBounce, Delay = TimeSpan.FromSeconds(30) });
            }
            else if (i < replies + bounces + outOfOffice)
            {
                rules.Add(new RecipientRule { Match = address, Behaviour = RecipientBehaviour.OutOfOffice, Delay = TimeSpan.FromMinutes(1) });
            }
        }

        await using var sandbox = await GmailSandbox.StartAsync(
            new GmailSandboxOptions
            {
                TimeProvider = time,
                Recipients = new RecipientScript(rules),
                QuotaRegime = legacyQuota ? QuotaRegime.Legacy : QuotaRegime.May2026,
            },
            cancellationToken);
        var credentials = sandbox.AddMailbox(MailboxEmail, SandboxAccountKind.Workspace);
        var folder = Directory.CreateDirectory(Path.Combine(context.Scratch, (push ? "push" : "poll") + (legacyQuota ? "-legacy" : ""))).FullName;
        using var store = new SqliteEngineStore($"Data Source={Path.Combine(folder, "nudge.db")}");
        await store.MigrateAsync(cancellationToken);
        var mailboxId = await store.UpsertMailboxAsync(
            new Mailbox(0, MailboxEmail, "Sam", sandbox.BaseAddress.ToString(), credentials.AccessToken, null, DailyLimitOverride: 2000,
                QuotaRegime: legacyQuota ? GmailQuotaRegime.Legacy : GmailQuotaRegime.May2026),
            cancellationToken);

        var sequence = SequenceFile.Parse(
            "name: outreach\ntimezone: UTC\nwindow: { days: mon-fri, hours: \"09:00-17:00\" }\nsteps:\n" +
            "  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 business days\n  - template: last\n    wait: 4 business days\n",
            "outreach.yaml",
            new Dictionary<string, MessageTemplate>(StringComparer.Ordinal)
            {
                ["intro"] = TemplateEngine.Parse("intro", "A question for {{ company }}", "Hi {{ first_name }},\n\nA short note about {{ company }}.\n"),
                ["bump"] = TemplateEngine.Parse("bump", null, "Hi {{ first_name }}, bumping this up.\n"),
                ["last"] = TemplateEngine.Parse("last", null, "Last note from me, {{ first_name }}.\n"),
            });
        var rows = Enumerable.Range(0, contactCount)
            .Select(i => (new Contact(0, Address(i), new Dictionary<string, string>
            {
                ["first_name"] = "Lead" + i.ToString(CultureInfo.InvariantCulture),
                ["company"] = "Company " + i.ToString(CultureInfo.InvariantCulture),
            }),
                (NewEnrollment?)new NewEnrollment(0, "outreach", mailboxId, 1, Start, Start)))
            .ToList();
        await store.ImportAsync(rows, cancellationToken);

        using var gmail = new GmailClientFactory(null, time);
        var options = new WorkerOptions
        {
            // The smoke run polls rarely: thousands of cycles would make it slow, and its figures mean nothing.
            PollInterval = push || context.Size == BenchSize.Tiny ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30),
            PushTopic = push ? "projects/nudge-bench/topics/gmail" : null,
        };
        var worker = new SequenceWorker(store, new SequenceCatalog([sequence]), gmail, time, options);

        var end = Start + TimeSpan.FromDays(days);
        var cycleTimes = new List<DateTimeOffset>();
        var stoppedAtCycle = new Dictionary<long, int>();
        while (time.GetUtcNow() < end)
        {
            var result = await worker.RunCycleAsync(cancellationToken);
            cycleTimes.Add(time.GetUtcNow());
            if (result.Stopped > 0)
            {
                foreach (var enrollment in await store.ListEnrollmentsAsync(cancellationToken))
                {
                    if (enrollment.Status == EnrollmentStatus.Replied)
                    {
                        stoppedAtCycle.TryAdd(enrollment.Id, cycleTimes.Count - 1);
                    }
                }
            }

            // The worker's own loop: the next due step or the next poll; with push, also the moment mail arrives
            // (Gmail's notification wakes it then).
            var now = time.GetUtcNow();
            var next = now + options.PollInterval;
            if (await store.NextDueAtAsync(cancellationToken) is { } due && due < next)
            {
                next = due;
            }

            if (push && sandbox.NextScheduledDeliveryAt is { } arrival && arrival < next)
            {
                next = arrival;
            }

            time.Advance(next > now ? next - now : TimeSpan.FromSeconds(1));
        }

        var (units, methods) = await UnitsAsync(sandbox, cancellationToken);
        var sent = 0;
        var bounced = 0;
        var latencies = new List<int>();
        var indexOf = (await store.ListContactsAsync(cancellationToken)).ToDictionary(c => c.Id,
            c => int.Parse(c.Email.AsSpan(4, 4), NumberStyles.None, CultureInfo.InvariantCulture));
        foreach (var enrollment in await store.ListEnrollmentsAsync(cancellationToken))
        {
            var outbox = await store.ListOutboxAsync(enrollment.Id, cancellationToken);
            sent += outbox.Count(o => o.State == OutboxState.Sent);
            if (enrollment.Status == EnrollmentStatus.Bounced)
            {
                bounced++;
            }

            if (stoppedAtCycle.TryGetValue(enrollment.Id, out var stopCycle) && outbox.FirstOrDefault(o => o.Step == 1)?.SentAt is { } introAt
                && indexOf.TryGetValue(enrollment.ContactId, out var index) && index < replies)
            {
                var arrival = introAt + rules[index].Delay;
                // Cycles that ran with the reply in the mailbox, up to the one that stopped the sequence.
                latencies.Add(cycleTimes.Take(stopCycle + 1).Count(t => t >= arrival));
            }
        }

        var delivered = sent - bounced;
        context.Note(string.Create(CultureInfo.InvariantCulture,
            $"{(push ? "push" : "poll 30 s")}{(legacyQuota ? ", legacy quota" : "")}: {units} units, {sent} sent, {bounced} bounced, {cycleTimes.Count} cycles, {stoppedAtCycle.Count} replies stopped; by method: {methods}"));
        return new CampaignResult(units / (double)Math.Max(1, delivered), delivered, cycleTimes.Count, latencies.Count == 0 ? 0 : latencies.Max(),
            stoppedAtCycle.Count);
    }

    private static string Address(int i) => string.Create(CultureInfo.InvariantCulture, $"lead{i:0000}@client.example");

    /// <summary>The mailbox's units by the sandbox's accounting, and its calls and units per method.</summary>
    private static async Task<(long Units, string Methods)> UnitsAsync(GmailSandbox sandbox, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri("sandbox/stats", UriKind.Relative), cancellationToken));
        var mailbox = stats.RootElement.GetProperty("mailboxes").EnumerateArray().Single(m => m.GetProperty("email").GetString() == MailboxEmail);
        var methods = string.Join(", ", mailbox.GetProperty("methods").EnumerateObject().Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Name} {m.Value.GetProperty("calls").GetInt64()} calls {m.Value.GetProperty("units").GetInt64()} units")));
        return (mailbox.GetProperty("units").GetInt64(), methods);
    }

    private sealed record CampaignResult(double UnitsPerDelivered, int Delivered, int Cycles, int MaxReplyLatency, int RepliesStopped);
}
