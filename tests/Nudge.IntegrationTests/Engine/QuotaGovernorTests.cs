using System.Globalization;
using System.Text.Json;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;

namespace Nudge.IntegrationTests.Engine;

/// <summary>
/// "Never a 429": the quota governor spreads a campaign larger than the mailbox's daily limit over the rolling window,
/// and keeps bursts under the per-minute units, so that the sandbox (which enforces both as Gmail does) refuses nothing.
/// </summary>
public sealed class QuotaGovernorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCycle_HundredDueWithFortyADayLimit_SendsThirtySixPerWindowEachContactOnceAndNoQuotaError()
    {
        await using var harness = await EngineHarness.StartAsync(configureSandbox: o => o.DailySendLimit = 40, cancellationToken: Ct,
            singleStep: true);
        await harness.Store.SetMailboxQuotaAsync(harness.Mailbox.Id, GmailQuotaRegime.May2026, 40, Ct);
        var start = harness.Time.GetUtcNow();
        for (var i = 0; i < 100; i++)
        {
            await harness.EnrollAsync(Contact(i), new Dictionary<string, string> { ["first_name"] = $"C{i}", ["company"] = "Acme" }, Ct);
        }

        await RunAsync(harness, start.AddDays(4));

        var sent = await SentMessagesAsync(harness);
        sent.Count(m => m.At < start.AddHours(24)).ShouldBe(36, "floor(90 % of 40) in the first 24 hours");
        sent.Count.ShouldBe(100, "the rest go out as the window frees");
        sent.Select(m => m.To).Order(StringComparer.Ordinal).ShouldBe(
            Enumerable.Range(0, 100).Select(Contact).Order(StringComparer.Ordinal), "every contact gets exactly one message");
        foreach (var (at, _) in sent)
        {
            sent.Count(m => m.At > at - TimeSpan.FromHours(24) && m.At <= at).ShouldBeLessThanOrEqualTo(36, $"the 24 hours up to {at:O}");
        }

        (await harness.Store.ListEnrollmentsAsync(Ct)).ShouldAllBe(e => e.Status == EnrollmentStatus.Completed);
        var stats = await StatsAsync(harness);
        stats.Errors.ShouldBeEmpty("no 429 (daily limit) nor per-minute quota error");
        stats.MailboxErrors.ShouldBeEmpty();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"sent by hour from start: {string.Join(", ", sent.GroupBy(m => (int)(m.At - start).TotalHours).Select(g => $"{g.Key}h:{g.Count()}"))}; " +
            $"last at +{(sent.Max(m => m.At) - start).TotalHours:F2} h; units {stats.Units}");
    }

    [Fact]
    public async Task RunCycle_HundredDueWithoutPacingOn2026Regime_StaysUnderThePerMinuteQuota()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct, singleStep: true,
            configureWorker: o => o.Quota.SendGap = TimeSpan.Zero);
        var start = harness.Time.GetUtcNow();
        for (var i = 0; i < 100; i++)
        {
            await harness.EnrollAsync(Contact(i), new Dictionary<string, string> { ["company"] = "Acme" }, Ct);
        }

        await RunAsync(harness, start.AddDays(1));

        var sent = await SentMessagesAsync(harness);
        sent.Count.ShouldBe(100);
        sent.Select(m => m.To).Distinct(StringComparer.Ordinal).Count().ShouldBe(100);

        // 100 sends and their read-backs are 12,000 units: at 6,000 a minute that cannot all go in the first minute.
        (sent.Max(m => m.At) - start).ShouldBeGreaterThan(TimeSpan.FromMinutes(1));
        var stats = await StatsAsync(harness);
        stats.Errors.ShouldBeEmpty("no per-minute quota error");
        stats.MailboxErrors.ShouldBeEmpty();
        stats.Regime.ShouldBe("May2026");
    }

    private static string Contact(int i) => string.Create(CultureInfo.InvariantCulture, $"lead{i:D3}@example.org");

    /// <summary>Runs worker cycles, jumping the clock to each next due time, until nothing is due before <paramref name="until"/>.</summary>
    private static async Task RunAsync(EngineHarness harness, DateTimeOffset until)
    {
        for (var cycle = 0; cycle < 10_000; cycle++)
        {
            await harness.Worker.RunCycleAsync(Ct);
            var next = await harness.Store.NextDueAtAsync(Ct);
            if (next is null || next > until)
            {
                return;
            }

            // A due time never lies in the past after a cycle: that would mean a step was left claimable and unsent.
            next.Value.ShouldBeGreaterThan(harness.Time.GetUtcNow());
            harness.Time.SetUtcNow(next.Value);
        }

        throw new InvalidOperationException("the campaign did not settle");
    }

    [Fact]
    public async Task RunCycle_GmailDailyLimitHitAnyway_ParksTheMailboxOnOne429AndResumesWhenTheWindowFrees()
    {
        // Gmail allows 3 a day, but Nudge believes 100 (sends it could not see, say): the first 429 must hold the whole
        // mailbox, not let every due contact run into the same wall.
        await using var harness = await EngineHarness.StartAsync(configureSandbox: o => o.DailySendLimit = 3, cancellationToken: Ct,
            singleStep: true, configureWorker: o => o.Quota.SendGap = TimeSpan.Zero);
        await harness.Store.SetMailboxQuotaAsync(harness.Mailbox.Id, GmailQuotaRegime.May2026, 100, Ct);
        var start = harness.Time.GetUtcNow();
        for (var i = 0; i < 6; i++)
        {
            await harness.EnrollAsync(Contact(i), new Dictionary<string, string> { ["company"] = "Acme" }, Ct);
        }

        await harness.RunUntilAsync(start.AddHours(2), Ct);

        (await SentMessagesAsync(harness)).Count.ShouldBe(3);
        (await StatsAsync(harness)).MailboxErrors.Values.Sum().ShouldBe(1, "one 429, then the mailbox waits");
        var parked = (await harness.Store.ListEnrollmentsAsync(Ct)).Where(e => e.Status == EnrollmentStatus.Active).ToList();
        parked.Count.ShouldBe(3);
        parked.ShouldAllBe(e => e.DueAt >= start.AddHours(23));

        await RunAsync(harness, start.AddDays(3));

        var sent = await SentMessagesAsync(harness);
        var debug = string.Join("\n", await Task.WhenAll((await harness.Store.ListEnrollmentsAsync(Ct)).Select(async e =>
            $"{e.Id} {e.Status} due={e.DueAt} att={e.Attempts} {e.StatusReason} :: " + string.Join(" | ", (await harness.Store.ListEventsAsync(e.Id, Ct)).Select(v => $"{v.At:HH:mm} {v.Kind} {v.Detail}")))));
        sent.Select(m => m.To).Distinct().Count().ShouldBe(6, debug);
        sent.Count.ShouldBe(6);
        (await StatsAsync(harness)).MailboxErrors.Values.Sum().ShouldBe(1);
    }

    private static async Task<List<(DateTimeOffset At, string To)>> SentMessagesAsync(EngineHarness harness)
    {
        using var http = new HttpClient { BaseAddress = harness.Sandbox.BaseAddress };
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri($"sandbox/mailboxes/{EngineHarness.MailboxEmail}/messages", UriKind.Relative), Ct));
        return [.. doc.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("labelIds").EnumerateArray().Any(l => l.GetString() == "SENT"))
            .Select(m => (
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(m.GetProperty("internalDate").GetString()!, CultureInfo.InvariantCulture)),
                MimeKit.MailboxAddress.Parse(m.GetProperty("headers").GetProperty("To").GetString()!).Address))];
    }

    private static async Task<(Dictionary<string, long> Errors, Dictionary<string, long> MailboxErrors, long Units, string Regime)> StatsAsync(
        EngineHarness harness)
    {
        using var http = new HttpClient { BaseAddress = harness.Sandbox.BaseAddress };
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("sandbox/stats", UriKind.Relative), Ct));
        var root = doc.RootElement;
        var mailbox = root.GetProperty("mailboxes").EnumerateArray().Single(m => m.GetProperty("email").GetString() == EngineHarness.MailboxEmail);
        return (
            root.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()),
            mailbox.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()),
            mailbox.GetProperty("units").GetInt64(),
            root.GetProperty("quotaRegime").GetString()!);
    }
}
