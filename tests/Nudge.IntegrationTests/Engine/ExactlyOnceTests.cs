using System.Net.Http.Json;
using MimeKit;
using Nudge.Core.Enrollments;
using Nudge.Core.Messages;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Engine;

/// <summary>What the engine does when Gmail's answer to a send is lost or refused, against the sandbox's real faults.</summary>
public class ExactlyOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Acme => new() { ["company"] = "Acme" };

    [Fact]
    public async Task RunCycle_SendAcceptedThenConnectionDropped_ReconcilesFromSentAndNeverSendsTwice()
    {
        await using var harness = await EngineHarness.StartAsync(
            configureSandbox: o => o.Faults = SandboxFaults.Parse("drop-after-send=1"), cancellationToken: Ct);
        var id = await harness.EnrollAsync("ana@example.com", Acme, Ct);

        var cycle = await harness.Worker.RunCycleAsync(Ct);

        cycle.Sent.ShouldBe(0);
        cycle.Failed.ShouldBe(0, "an unknown outcome is not a failure");
        (await harness.Store.GetOutboxEntryAsync(id, 1, Ct)).ShouldNotBeNull().State.ShouldBe(OutboxState.Ambiguous);
        (await harness.Store.GetEnrollmentAsync(id, Ct))!.Status.ShouldBe(EnrollmentStatus.Active);

        await SetFaultsAsync(harness, "");
        await harness.RunAllAsync(Ct);

        // The sandbox stored the first send before dropping the connection: the engine found it in SENT, recorded it
        // with Gmail's ids, and carried on with the next steps in its thread.
        var outbox = await harness.Store.ListOutboxAsync(id, Ct);
        outbox.Count.ShouldBe(3);
        var sent = await harness.MailboxClient.ListMessagesAsync("in:sent", null, false, null, null, Ct);
        sent.Messages.ShouldNotBeNull().Count.ShouldBe(3);
        harness.Gmail.Sent.Count.ShouldBe(3, "the dropped send was never sent a second time");
        outbox.Select(o => o.GmailThreadId).Distinct().Count().ShouldBe(1);
        (await harness.Store.ListEventsAsync(id, Ct)).Select(e => e.Kind).ShouldContain("reconciled");
    }

    [Fact]
    public async Task RunCycle_ServerErrorBeforeAnythingWasStored_FindsNothingInSentAndSendsOnce()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var id = await harness.EnrollAsync("ana@example.com", Acme, Ct);
        await harness.Worker.SyncRepliesAsync(Ct);

        // Every call fails with 500/503 before doing anything; a 5xx on a send is ambiguous, so the engine must look.
        await SetFaultsAsync(harness, "error=1");
        await harness.Worker.SendDueAsync(Ct);
        (await harness.Store.GetOutboxEntryAsync(id, 1, Ct)).ShouldNotBeNull().State.ShouldBe(OutboxState.Ambiguous);

        await SetFaultsAsync(harness, "");
        await harness.RunUntilAsync(harness.Time.GetUtcNow().AddDays(1), Ct);

        var sent = await harness.MailboxClient.ListMessagesAsync("in:sent", null, false, null, null, Ct);
        sent.Messages.ShouldNotBeNull().Count.ShouldBe(1);
        (await harness.Store.ListOutboxAsync(id, Ct)).Single().State.ShouldBe(OutboxState.Sent);
    }

    [Fact]
    public async Task RunCycle_FiveHundredContactsUnderFaults_EveryContactIsSentExactlyOnce()
    {
        // 5 % of all calls fail with 500/503 and 2 % of sends are stored and then dropped unanswered (GMAIL-FACTS §2.4).
        await using var harness = await EngineHarness.StartAsync(
            configureSandbox: o => o.Faults = SandboxFaults.Parse("error=0.05,drop-after-send=0.02,seed=7"),
            configureWorker: o => o.Quota.SendGap = TimeSpan.Zero, singleStep: true, cancellationToken: Ct);
        var ids = new List<long>();
        for (var i = 0; i < 500; i++)
        {
            ids.Add(await harness.EnrollAsync($"lead{i}@example.com", Acme, Ct));
        }

        await harness.RunAllAsync(Ct);

        foreach (var id in ids)
        {
            var enrollment = (await harness.Store.GetEnrollmentAsync(id, Ct))!;
            enrollment.Status.ShouldBe(EnrollmentStatus.Completed, enrollment.StatusReason);
        }

        using var http = new HttpClient { BaseAddress = harness.Sandbox.BaseAddress };
        var stored = await http.GetFromJsonAsync<StoredMessages>($"sandbox/mailboxes/{EngineHarness.MailboxEmail}/messages", Ct);
        var sendIds = stored!.Messages
            .Where(m => m.LabelIds.Contains("SENT"))
            .Select(m => MimeMessage.Load(new MemoryStream(Base64Url.Decode(m.Raw)), Ct).Headers[MessageComposer.SendIdHeader])
            .ToList();
        sendIds.Count.ShouldBe(500, "none lost");
        sendIds.Distinct().Count().ShouldBe(500, "none sent twice");
        var events = (await Task.WhenAll(ids.Select(id => harness.Store.ListEventsAsync(id, Ct)))).SelectMany(e => e).ToList();
        events.ShouldContain(e => e.Kind == "reconciled", "the faults did produce sends of unknown outcome");
    }

    private static async Task SetFaultsAsync(EngineHarness harness, string spec)
    {
        using var http = new HttpClient { BaseAddress = harness.Sandbox.BaseAddress };
        using var response = await http.PutAsJsonAsync("sandbox/faults", new { spec }, Ct);
        response.EnsureSuccessStatusCode();
    }

    private sealed record StoredMessages(IReadOnlyList<StoredMessage> Messages);

    private sealed record StoredMessage(string Id, IReadOnlyList<string> LabelIds, string Raw);
}
