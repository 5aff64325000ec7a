using MimeKit;
using Nudge.Core.Enrollments;
using Nudge.Core.Replies;
using Nudge.Sandbox.Recipients;

namespace Nudge.IntegrationTests.Inbox;

/// <summary>
/// Templated replies: a support mail is answered in its thread within one cycle; the rule never answers automated
/// mail (its own acknowledgement, the customer's vacation responder, lists, noreply senders) and never twice.
/// </summary>
public class InboundRuleTests
{
    private const string Support = "support@acme.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> RuleFiles(string? then = null)
    {
        var files = new Dictionary<string, string>
        {
            ["rules/support-ack.yaml"] =
                $"name: support-ack\nmailbox: {Support}\nmatch:\n  to: {Support}\ntemplate: acknowledge\n" + (then is null ? "" : $"then:\n  sequence: {then}\n"),
            ["rules/templates/acknowledge.liquid"] =
                "Hi {{ first_name | default: \"there\" }},\n\nWe have your message about \"{{ subject }}\" and will answer within a day.\n\nAcme Support\n",
        };
        if (then is not null)
        {
            files["sequences/support-follow-up.yaml"] =
                $"name: support-follow-up\nmailbox: {Support}\nstop: {{ on_teammate_reply: true }}\nsteps:\n  - template: still-on-it\n    wait: 24 hours\n";
            files["sequences/templates/still-on-it.liquid"] =
                "---\nsubject: Your request\n---\nHi {{ first_name | default: \"there\" }}, we are still on it.\n";
        }

        return files;
    }

    [Fact]
    public async Task RunCycle_SupportMail_AnsweredInItsThreadWithinOneCycleAsAnAutoReply()
    {
        await using var harness = await InboxHarness.StartAsync(Support, RuleFiles(), cancellationToken: Ct);
        await harness.CycleAsync(Ct);
        var mail = harness.NewMail("Nora Quist <nora@brightdesk.example>", "Can't export my invoices", "The CSV export button does nothing.");
        var delivered = await harness.DeliverAsync(mail, cancellationToken: Ct);

        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);

        var thread = await harness.ReadThreadAsync(delivered.ThreadId!, Ct);
        thread.Count.ShouldBe(2);
        var ack = thread[1].Mime;
        thread[1].Gmail.LabelIds.ShouldNotBeNull().ShouldContain("SENT");
        ack.From.Mailboxes.Single().Address.ShouldBe(Support);
        ack.To.Mailboxes.Single().Address.ShouldBe("nora@brightdesk.example");
        ack.Subject.ShouldBe("Re: Can't export my invoices");
        ack.InReplyTo.ShouldBe(mail.MessageId);
        ack.References.ShouldContain(mail.MessageId);
        ack.Headers["Auto-Submitted"].ShouldBe("auto-replied");
        ack.Headers["List-Unsubscribe"].ShouldBeNull();
        ack.TextBody.ShouldNotBeNull().ShouldContain("Hi Nora,");
        ack.TextBody.ShouldContain("\"Can't export my invoices\"");
        harness.Worker.RuleRepliesSent.ShouldBe(1);
        (await harness.Store.ListRuleRepliesAsync(10, Ct)).Single().State.ShouldBe(RuleReplyState.Sent);
    }

    [Fact]
    public async Task RunCycle_AutomatedOrRepeatedMail_NeverAnswered()
    {
        // Nora's vacation responder answers our acknowledgement, as Gmail's would (Auto-Submitted: auto-replied).
        var script = RecipientScript.Parse("""{"rules":[{"match":"nora@brightdesk.example","behaviour":"out-of-office","after":"10m"}]}""");
        await using var harness = await InboxHarness.StartAsync(Support, RuleFiles(), script, cancellationToken: Ct);
        await harness.CycleAsync(Ct);
        var first = harness.NewMail("Nora Quist <nora@brightdesk.example>", "Can't export my invoices", "The CSV export button does nothing.");
        var delivered = await harness.DeliverAsync(first, cancellationToken: Ct);
        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);
        harness.Worker.RuleRepliesSent.ShouldBe(1);

        // Her out-of-office arrives in the thread.
        await harness.PollAsync(TimeSpan.FromMinutes(10), Ct);

        // A vacation reply with no automation header at all, in a thread of its own.
        await harness.DeliverAsync(harness.NewMail("lina@fjordline.example", "Out of office: back on Monday",
            "I am out of the office until Monday 7 December with no access to email."), cancellationToken: Ct);

        // A mailing list, a noreply sender, a bounce, and a copy of our own acknowledgement reaching the inbox.
        var list = harness.NewMail("announce@lists.example", "Release 4.2", "What's new in 4.2.");
        list.Headers.Add("List-Id", "<announce.lists.example>");
        await harness.DeliverAsync(list, cancellationToken: Ct);
        await harness.DeliverAsync(harness.NewMail("noreply@shop.example", "Your order shipped", "Tracking: 123."), cancellationToken: Ct);
        var bounce = harness.NewMail("MAILER-DAEMON@mx.example", "Undelivered Mail Returned to Sender", "This is the mail system. I'm sorry to have to inform you that your message could not be delivered.");
        bounce.Headers.Add("Auto-Submitted", "auto-replied");
        await harness.DeliverAsync(bounce, cancellationToken: Ct);
        var ownCopy = harness.NewMail($"Acme Support <{Support}>", "Re: Can't export my invoices", "We have your message.");
        await harness.DeliverAsync(ownCopy, cancellationToken: Ct);

        // Nora again: in the same thread (once per thread), then in a new one (once per sender per 24 hours).
        await harness.DeliverAsync(harness.NewMail("nora@brightdesk.example", "Re: Can't export my invoices", "Any news?", first), delivered.ThreadId,
            Ct);
        await harness.DeliverAsync(harness.NewMail("nora@brightdesk.example", "Another thing", "Also the PDF export."), cancellationToken: Ct);

        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);
        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);

        harness.Worker.RuleRepliesSent.ShouldBe(1);
        var rows = await harness.Store.ListRuleRepliesAsync(50, Ct);
        foreach (var row in rows)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{row.State,-8} {row.Sender,-28} {row.Subject,-40} {row.Detail}");
        }

        rows.Count(r => r.State == RuleReplyState.Sent).ShouldBe(1);
        var skipped = rows.Where(r => r.State == RuleReplyState.Skipped).ToList();
        skipped.ShouldContain(r => r.Sender == "nora@brightdesk.example" && r.Detail!.Contains("Auto-Submitted", StringComparison.Ordinal));
        skipped.ShouldContain(r => r.Sender == "lina@fjordline.example" && r.Detail!.Contains("AutoReply", StringComparison.Ordinal));
        skipped.ShouldContain(r => r.Sender == "announce@lists.example" && r.Detail!.Contains("List-Id", StringComparison.Ordinal));
        skipped.ShouldContain(r => r.Sender == "noreply@shop.example");
        skipped.ShouldContain(r => r.Sender == "mailer-daemon@mx.example");
        skipped.ShouldContain(r => r.Sender == Support);
        skipped.ShouldContain(r => r.Subject == "Re: Can't export my invoices" && r.Detail!.Contains("once_per_thread", StringComparison.Ordinal));
        skipped.ShouldContain(r => r.Subject == "Another thing" && r.Detail!.Contains("per_sender", StringComparison.Ordinal));

        // Nothing but the one acknowledgement left the mailbox.
        var sentFolder = await harness.MailboxClient.ListMessagesAsync(null, ["SENT"], false, null, 100, Ct);
        sentFolder.Messages.ShouldNotBeNull().Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunCycle_RuleWithFollowUp_FollowsUpAfter24HoursUnlessATeammateAnswered()
    {
        await using var harness = await InboxHarness.StartAsync(Support, RuleFiles(then: "support-follow-up"), cancellationToken: Ct);
        await harness.CycleAsync(Ct);
        var nora = harness.NewMail("Nora Quist <nora@brightdesk.example>", "Can't export my invoices", "The CSV export button does nothing.");
        var omar = harness.NewMail("Omar Haddad <omar@saltmarsh.example>", "SSO login loops", "I keep landing on the sign-in page.");
        var noraThread = (await harness.DeliverAsync(nora, cancellationToken: Ct)).ThreadId!;
        var omarThread = (await harness.DeliverAsync(omar, cancellationToken: Ct)).ThreadId!;
        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);
        harness.Worker.RuleRepliesSent.ShouldBe(2);

        // A minute later, Jo answers Omar by hand from the mailbox, in his thread.
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var jo = new MimeMessage();
        jo.From.Add(MailboxAddress.Parse(Support));
        jo.To.Add(MailboxAddress.Parse("omar@saltmarsh.example"));
        jo.Subject = "Re: SSO login loops";
        jo.InReplyTo = omar.MessageId;
        jo.References.Add(omar.MessageId!);
        jo.Body = new TextPart("plain") { Text = "Please re-upload the IdP metadata." };
        await harness.MailboxClient.SendAsync(Nudge.Core.Messages.MessageComposer.ToRaw(jo), omarThread, Ct);

        // The first cycle after Jo's reply stops Omar's follow-up.
        await harness.PollAsync(TimeSpan.FromMinutes(5), Ct);
        (await harness.Store.ListEnrollmentsAsync(Ct)).Single(e => e.ThreadId == omarThread).Status.ShouldBe(EnrollmentStatus.StoppedByTeammate);

        for (var i = 0; i < 30; i++)
        {
            await harness.PollAsync(TimeSpan.FromHours(1), Ct);
        }

        var enrollments = await harness.Store.ListEnrollmentsAsync(Ct);
        var noraEnrollment = enrollments.Single(e => e.ThreadId == noraThread);
        var omarEnrollment = enrollments.Single(e => e.ThreadId == omarThread);
        noraEnrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        omarEnrollment.Status.ShouldBe(EnrollmentStatus.StoppedByTeammate);

        var noraMessages = await harness.ReadThreadAsync(noraThread, Ct);
        noraMessages.Count.ShouldBe(3);
        var followUp = noraMessages[2].Mime;
        followUp.Subject.ShouldBe("Re: Can't export my invoices");
        followUp.TextBody.ShouldNotBeNull().ShouldContain("Hi Nora, we are still on it.");
        followUp.References.ShouldContain(nora.MessageId);
        (noraMessages[2].Gmail.InternalDate!.Value - noraMessages[1].Gmail.InternalDate!.Value).ShouldBeGreaterThanOrEqualTo((long)TimeSpan.FromHours(24).TotalMilliseconds);
        (await harness.ReadThreadAsync(omarThread, Ct)).Count.ShouldBe(3);
    }
}
