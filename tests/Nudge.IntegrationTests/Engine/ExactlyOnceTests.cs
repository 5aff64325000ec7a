using Nudge.Core.Enrollments;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Engine;

/// <summary>What the engine does when Gmail's answer to a send is lost, against the sandbox's real faults.</summary>
public class ExactlyOnceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCycle_SendAcceptedThenConnectionDropped_RecordsAmbiguousAndNeverSendsAgain()
    {
        await using var harness = await EngineHarness.StartAsync(
            configureSandbox: o => o.Faults = SandboxFaults.Parse("drop-after-send=1"), cancellationToken: Ct);
        var id = await harness.EnrollAsync("ana@example.com", new Dictionary<string, string> { ["company"] = "Acme" }, Ct);

        var cycle = await harness.Worker.RunCycleAsync(Ct);
        await harness.RunAllAsync(Ct);

        cycle.Sent.ShouldBe(0);
        var outbox = await harness.Store.ListOutboxAsync(id, Ct);
        outbox.ShouldBeEmpty("nothing is known to be sent");
        var enrollment = (await harness.Store.GetEnrollmentAsync(id, Ct))!;
        enrollment.Status.ShouldBe(EnrollmentStatus.Failed);
        enrollment.StatusReason.ShouldNotBeNull().ShouldContain("may or may not have gone out");

        // The sandbox stored the message before dropping the connection: it went out exactly once, never twice.
        var sent = await harness.MailboxClient.ListMessagesAsync("in:sent", null, false, null, null, Ct);
        sent.Messages.ShouldNotBeNull().Count.ShouldBe(1);
        harness.Gmail.Sent.Count.ShouldBe(1);
    }
}
