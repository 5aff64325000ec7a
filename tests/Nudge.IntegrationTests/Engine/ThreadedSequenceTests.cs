using System.Text;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;

namespace Nudge.IntegrationTests.Engine;

/// <summary>The walking skeleton: a 3-step threaded sequence over the real path (SQLite, HTTP, Gmail sandbox).</summary>
public class ThreadedSequenceTests
{
    private static readonly string[] ThreadHeaders = ["Message-ID", "In-Reply-To", "References", "Subject"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCycle_ThreeSteps_FollowUpsLandInTheFirstMailsThreadAndReplyToItsGmailMessageId()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var ana = await harness.EnrollAsync("ana@example.com", Fields(("first_name", "Ana"), ("company", "Acme")), Ct);
        var bo = await harness.EnrollAsync("bo@example.org", Fields(("first_name", "Bø"), ("company", "Fjord AS")), Ct);

        await harness.RunAllAsync(Ct);

        foreach (var enrollmentId in new[] { ana, bo })
        {
            var enrollment = (await harness.Store.GetEnrollmentAsync(enrollmentId, Ct))!;
            enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
            var outbox = await harness.Store.ListOutboxAsync(enrollmentId, Ct);
            outbox.Count.ShouldBe(3);

            var thread = await harness.MailboxClient.GetThreadAsync(enrollment.ThreadId!, MessageFormat.Metadata, ThreadHeaders, Ct);
            var messages = thread.Messages!;
            messages.Count.ShouldBe(3, "every follow-up joins the first mail's thread");
            messages.Select(m => m.Id).ShouldBe(outbox.Select(o => o.GmailMessageId!));
            messages.ShouldAllBe(m => m.ThreadId == enrollment.ThreadId);

            var subject = messages[0].GetHeader("Subject")!;
            messages[1].GetHeader("Subject").ShouldBe("Re: " + subject);
            messages[2].GetHeader("Subject").ShouldBe("Re: " + subject);

            for (var i = 1; i < messages.Count; i++)
            {
                var previousId = messages[i - 1].GetHeader("Message-ID")!;
                previousId.ShouldNotBe(outbox[i - 1].LocalMessageId, "the sandbox, like Gmail, replaces our Message-ID on send");
                outbox[i - 1].RfcMessageId.ShouldBe(previousId, "the engine reads the final Message-ID back");
                messages[i].GetHeader("In-Reply-To").ShouldBe(previousId);
                var references = messages[i].GetHeader("References")!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                references.ShouldBe(messages.Take(i).Select(m => m.GetHeader("Message-ID")!));
            }
        }

        (await harness.Store.GetEnrollmentAsync(ana, Ct))!.ThreadId.ShouldNotBe((await harness.Store.GetEnrollmentAsync(bo, Ct))!.ThreadId);
    }

    [Fact]
    public async Task RunCycle_StepsAreDueDaysApart_SendsEachOnItsDay()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var start = harness.Time.GetUtcNow();
        var id = await harness.EnrollAsync("ana@example.com", Fields(("company", "Acme")), Ct);

        await harness.RunUntilAsync(start.AddDays(2), Ct);
        (await harness.Store.ListOutboxAsync(id, Ct)).Count.ShouldBe(1);

        await harness.RunUntilAsync(start.AddDays(6), Ct);
        (await harness.Store.ListOutboxAsync(id, Ct)).Count.ShouldBe(2);

        await harness.RunAllAsync(Ct);
        var sentAt = (await harness.Store.ListOutboxAsync(id, Ct)).Select(o => o.SentAt!.Value - start).ToList();
        sentAt.ShouldBe([TimeSpan.Zero, TimeSpan.FromDays(3), TimeSpan.FromDays(7)]);
    }

    [Fact]
    public async Task SyncReplies_ContactRepliedAfterStep1_ReceivesNoMoreSteps()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var replier = await harness.EnrollAsync("chloe@example.fr", Fields(("first_name", "Chloé"), ("company", "Société")), Ct);
        var other = await harness.EnrollAsync("dan@example.com", Fields(("first_name", "Dan"), ("company", "Initech")), Ct);
        await harness.RunUntilAsync(harness.Time.GetUtcNow().AddDays(1), Ct);

        await harness.DeliverReplyAsync(replier, "Chloé Dubois <chloe@example.fr>", Ct);
        await harness.RunAllAsync(Ct);

        var stopped = (await harness.Store.GetEnrollmentAsync(replier, Ct))!;
        stopped.Status.ShouldBe(EnrollmentStatus.Replied);
        stopped.StatusReason.ShouldNotBeNull().ShouldContain("chloe@example.fr");
        (await harness.Store.ListOutboxAsync(replier, Ct)).Count.ShouldBe(1);
        var thread = await harness.MailboxClient.GetThreadAsync(stopped.ThreadId!, MessageFormat.Minimal, null, Ct);
        thread.Messages!.Count(m => m.HasLabel("SENT")).ShouldBe(1, "nothing was sent after the reply");
        thread.Messages!.Count(m => m.HasLabel("INBOX")).ShouldBe(1, "the reply joined the thread");
        (await harness.Store.ListEventsAsync(replier, Ct)).Select(e => e.Kind).ShouldContain("replied");

        (await harness.Store.GetEnrollmentAsync(other, Ct))!.Status.ShouldBe(EnrollmentStatus.Completed);
    }

    [Fact]
    public async Task SyncReplies_TeammateRepliedByHand_StopsTheSequence()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var id = await harness.EnrollAsync("ana@example.com", Fields(("company", "Acme")), Ct);
        await harness.RunUntilAsync(harness.Time.GetUtcNow().AddDays(4), Ct);

        await harness.TeammateRepliesAsync(id, Ct);
        await harness.RunAllAsync(Ct);

        var enrollment = (await harness.Store.GetEnrollmentAsync(id, Ct))!;
        enrollment.Status.ShouldBe(EnrollmentStatus.StoppedByTeammate);
        (await harness.Store.ListOutboxAsync(id, Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task RunCycle_TemplateNeedsAMissingField_FailsWithTheFieldAndContactAndSendsNothing()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var id = await harness.EnrollAsync("ana@example.com", Fields(("first_name", "Ana")), Ct);

        var cycle = await harness.Worker.RunCycleAsync(Ct);

        cycle.Sent.ShouldBe(0);
        cycle.Failed.ShouldBe(1);
        var enrollment = (await harness.Store.GetEnrollmentAsync(id, Ct))!;
        enrollment.Status.ShouldBe(EnrollmentStatus.Failed);
        var reason = enrollment.StatusReason.ShouldNotBeNull();
        reason.ShouldContain("'company'");
        reason.ShouldContain("ana@example.com");
        reason.ShouldContain("intro");
        harness.Gmail.Sent.ShouldBeEmpty();
        var sent = await harness.MailboxClient.ListMessagesAsync("in:sent", null, false, null, null, Ct);
        sent.Messages.ShouldBeNull("Gmail omits 'messages' when there are none");
        (await harness.Store.ListOutboxAsync(id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SendAsync_RawOnTheWire_IsBase64UrlThatDecodesToTheMessage()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        await harness.EnrollAsync("zoe@example.no", Fields(("first_name", "Zoë"), ("company", "Ødegaard & Sønner")), Ct);

        await harness.RunAllAsync(Ct);

        harness.Gmail.Sent.Count.ShouldBe(3);
        foreach (var (raw, _) in harness.Gmail.Sent)
        {
            raw.ShouldNotContain('+');
            raw.ShouldNotContain('/');
            var text = Encoding.UTF8.GetString(Base64Url.Decode(raw));
            text.ShouldContain("To: =?utf-8?");
            text.ShouldContain("Content-Type: multipart/alternative");
        }
    }

    [Fact]
    public async Task RunCycle_EnrollmentAlreadyReservedForTheStep_IsNotSentTwice()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        var id = await harness.EnrollAsync("ana@example.com", Fields(("company", "Acme")), Ct);
        // A worker that crashed mid-send left the step reserved: its outcome is unknown, so it must not go out again.
        (await harness.Store.TryReserveSendAsync(
            new OutboxEntry(id, 1, harness.Mailbox.Id, OutboxState.Sending, "<crashed@acme.example>", "Quick question for Acme", harness.Time.GetUtcNow()),
            Ct)).ShouldBeTrue();

        await harness.Worker.RunCycleAsync(Ct);

        harness.Gmail.Sent.ShouldBeEmpty();
    }

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
}
