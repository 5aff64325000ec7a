using MimeKit;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Planning;
using Nudge.Core.Schedule;
using Nudge.Core.Sequences;
using Nudge.Sandbox.Recipients;

namespace Nudge.IntegrationTests.Examples;

/// <summary>
/// The use cases in <c>examples/</c>, run as their READMEs say against the Gmail sandbox, over the weeks each campaign
/// spans on a simulated clock: the files in the repository are the ones tested, so an example that stops working (or a
/// README that stops telling the truth) fails here.
/// </summary>
public class ExampleTests
{
    private static readonly TimeSpan WindowOpens = TimeSpan.FromHours(9);
    private static readonly TimeSpan WindowCloses = TimeSpan.FromHours(17);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Examples => new("sales-drip", "onboarding-api", "support-follow-up", "invoice-reminders");

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task SequenceValidate_ExampleFolder_LoadsAndItsFilesAgree(string example)
    {
        var folder = ExampleRunner.ExampleFolder(example);

        // What `nudge sequence validate examples/NAME` and `--sequences examples/NAME` load.
        var sequences = await SequenceFile.LoadDirectoryAsync(folder, Ct);

        var sequence = sequences.ShouldHaveSingleItem();
        sequence.Name.ShouldBe(example == "onboarding-api" ? "onboarding" : example);
        File.Exists(Path.Combine(folder, "README.md")).ShouldBeTrue();
        var readme = await File.ReadAllTextAsync(Path.Combine(folder, "README.md"), Ct);
        readme.ShouldContain($"--sequences examples/{example}");
        readme.ShouldContain(sequence.Mailboxes[0]);
        if (File.Exists(Path.Combine(folder, "recipients.json")))
        {
            RecipientScript.Load(Path.Combine(folder, "recipients.json")).Rules.ShouldNotBeEmpty();
        }

        if (File.Exists(Path.Combine(folder, "contacts.csv")))
        {
            var csv = await ContactCsvReader.ReadAsync(Path.Combine(folder, "contacts.csv"), Ct);
            csv.Rejected.ShouldBeEmpty();
            var columns = csv.Contacts.SelectMany(c => c.Fields.Keys).ToHashSet(StringComparer.Ordinal);
            sequence.ContactFieldsUsed.Except(columns).ShouldBeEmpty("every field the sequence reads is a column of contacts.csv");
        }
    }

    [Fact]
    public async Task SalesDrip_ThreeWeeksOfOutreach_SendsInEachLeadsWindowOnBusinessDaysAndStopsOnEveryAnswer()
    {
        // Monday 2 March 2026, 13:00 UTC: 08:00 in New York, 14:00 in Paris, 22:00 in Tokyo.
        var start = new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);
        await using var example = await ExampleRunner.StartAsync("sales-drip", start, "Sam Rivera", Ct);

        // nudge import examples/sales-drip/contacts.csv --sequence sales-drip --sequences examples/sales-drip
        var import = await example.ImportContactsAsync(Ct);
        import.Imported.ShouldBe(15);
        import.Enrolled.ShouldBe(15);
        import.Rejected.ShouldBeEmpty();

        // nudge plan: nothing in the way; every lead gets three steps but the two enterprise ones, who get two.
        var plan = await new CampaignPlanner(example.Store, new SequenceCatalog([example.Sequence]), example.Clock)
            .PlanAsync(TimeSpan.FromDays(21), Ct);
        plan.Problems.ShouldBeEmpty();
        plan.Sends.Count.ShouldBe((15 * 3) - 2);

        // nudge run, for as long as the campaign lasts.
        await example.RunToEndAsync(TimeSpan.FromDays(42), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(await example.TimelineAsync(Ct));

        var leads = new Dictionary<string, ExampleContact>(StringComparer.Ordinal);
        foreach (var contact in await example.ReadContactsAsync(Ct))
        {
            leads[contact.Fields["first_name"]] = await example.ContactAsync(contact.Email, Ct);
        }

        foreach (var lead in leads.Values)
        {
            ShouldBeOneThreadOfReplies(lead);
            ShouldBeInsideTheWindow(lead);
        }

        // Nobody answered: three steps, each a set number of business days after the last, at the same local time.
        string[] answered = ["Ana", "Ben", "Chloé", "Daniel"];
        string[] enterprise = ["James", "Olivia"];
        foreach (var lead in leads.Where(l => !answered.Contains(l.Key) && !enterprise.Contains(l.Key)).Select(l => l.Value))
        {
            lead.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed, lead.Email);
            lead.StepsSent.ShouldBe([1, 2, 3], lead.Email);
            ShouldBeBusinessDaysApart(lead, 0, 1, 3, example.Sequence.Holidays);
            ShouldBeBusinessDaysApart(lead, 1, 2, 4, example.Sequence.Holidays);
        }

        // Haruto is in Tokyo: the intro waited for 09:00 on his Tuesday, and his steps are counted on his calendar.
        var haruto = leads["Haruto"];
        haruto.LocalSentAt.Select(DateOnly.FromDateTime).ShouldBe([new(2026, 3, 3), new(2026, 3, 6), new(2026, 3, 12)]);
        (haruto.LocalSentAt[0].TimeOfDay - WindowOpens).ShouldBeLessThan(TimeSpan.FromMinutes(10), "sent at the window's opening");

        // Emma is in London, where the window was open at the import: her intro went out at once.
        (leads["Emma"].Sent[0].SentAt!.Value - start).ShouldBeLessThan(TimeSpan.FromMinutes(10));

        // Grace is in New York: 09:00 local each time, although the clocks went forward on Sunday 8 March.
        var grace = leads["Grace"];
        grace.LocalSentAt.Select(DateOnly.FromDateTime).ShouldBe([new(2026, 3, 2), new(2026, 3, 5), new(2026, 3, 11)]);
        grace.LocalSentAt.ShouldAllBe(t => t.Hour == 9);
        grace.Sent.Select(s => s.SentAt!.Value.UtcDateTime.Hour).ShouldBe([14, 14, 13]);

        // Ana replied the day after the intro: stopped, and her reply is in the thread.
        var ana = leads["Ana"];
        ana.Enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        ana.StepsSent.ShouldBe([1]);
        ana.Enrollment.StatusReason.ShouldNotBeNull().ShouldContain("ana.lima@brightpath.example");
        ana.Thread.ShouldContain(m => m.HasLabel("INBOX") && m.GetHeader("From")!.Contains("ana.lima@brightpath.example"));
        ana.Suppression.ShouldBeNull("a reply is not a reason to suppress anyone");

        // Ben's auto-reply said he is back on Monday 16 March: the follow-up waited for that morning, and the last note
        // came 4 business days after it.
        var ben = leads["Ben"];
        ben.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        ben.StepsSent.ShouldBe([1, 2, 3]);
        ben.EventsOf("out-of-office").ShouldHaveSingleItem().Detail.ShouldContain("back on 2026-03-16");
        ben.LocalSentAt.Select(DateOnly.FromDateTime).ShouldBe([new(2026, 3, 2), new(2026, 3, 16), new(2026, 3, 20)]);
        ShouldBeBusinessDaysApart(ben, 1, 2, 4, example.Sequence.Holidays);

        // Chloé's address does not exist: the bounce stopped her enrollment and put the address on the suppression list.
        var chloe = leads["Chloé"];
        chloe.Enrollment.Status.ShouldBe(EnrollmentStatus.Bounced);
        chloe.StepsSent.ShouldBe([1]);
        chloe.Suppression.ShouldNotBeNull().Reason.ShouldContain("hard bounce");

        // Daniel asked to be removed: stopped and suppressed.
        var daniel = leads["Daniel"];
        daniel.Enrollment.Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        daniel.StepsSent.ShouldBe([1]);
        daniel.Suppression.ShouldNotBeNull().Reason.ShouldContain("unsubscribe");

        // Enterprise leads get no break-up email: `when: "tier != 'enterprise'"` skipped step 3.
        foreach (var lead in enterprise.Select(name => leads[name]))
        {
            lead.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed, lead.Email);
            lead.StepsSent.ShouldBe([1, 2], lead.Email);
            lead.EventsOf("skipped").ShouldHaveSingleItem().Detail.ShouldContain("step 3: when 'tier != 'enterprise'' is false");
        }

        // Importing the same file again enrolls nobody twice, and refuses the two suppressed addresses.
        var again = await example.ImportContactsAsync(Ct);
        again.Rejected.Select(r => r.Reason).ShouldBe(
        [
            "c.martin@lumen-analytics.example is on the suppression list (c.martin@lumen-analytics.example: "
                + chloe.Suppression!.Reason + ")",
            "daniel.weber@kraftwerk.example is on the suppression list (daniel.weber@kraftwerk.example: "
                + daniel.Suppression!.Reason + ")",
        ]);
        (await example.Store.ListEnrollmentsAsync(Ct)).Count.ShouldBe(15);
    }

    [Fact]
    public async Task OnboardingApi_UsersSignUpOverAWeek_GetDay1Day3AndTheDay7MailOfTheirPlanEachInItsOwnThread()
    {
        // Monday 2 March 2026, 04:00 UTC. Users sign up one by one while the worker runs, as they would in production.
        await using var example = await ExampleRunner.StartAsync("onboarding-api", new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero),
            "Maya at Acme Cloud", Ct);

        // 10:15 in Bengaluru: Priya signs up for Pro. The sign-up webhook is delivered twice; she is enrolled once.
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 2, 4, 45, 0, TimeSpan.Zero), Ct);
        var priyaFields = Fields(("first_name", "Priya"), ("company", "Nimbus Labs"), ("plan", "pro"), ("timezone", "Asia/Kolkata"));
        var priyaSignup = example.Now;
        var enrolled = await example.EnrollAsync("priya@nimbus-labs.example", priyaFields, Ct);
        enrolled.Rejection.ShouldBeNull();
        enrolled.FirstStep.ShouldBe(1);
        enrolled.FirstDueAt.ShouldBe(priyaSignup, "the welcome has no window: it goes at once");
        (await example.EnrollAsync("priya@nimbus-labs.example", priyaFields, Ct)).EnrollmentId.ShouldBe(enrolled.EnrollmentId);

        // 11:20 in New York: Tom signs up for the free plan, with no time zone (the sequence's New York applies).
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 2, 16, 20, 0, TimeSpan.Zero), Ct);
        (await example.EnrollAsync("tom@fieldnotes.example", Fields(("first_name", "Tom"), ("plan", "free")), Ct)).Rejection.ShouldBeNull();

        // 16:05 in Paris on Tuesday: Léa signs up for Team; recipients.json has her answer the welcome three hours later.
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 3, 15, 5, 0, TimeSpan.Zero), Ct);
        (await example.EnrollAsync("lea.fontaine@atelier-fontaine.example",
            Fields(("first_name", "Léa"), ("plan", "team"), ("timezone", "Europe/Paris")), Ct)).Rejection.ShouldBeNull();

        // 23:30 in Tokyo on Wednesday: Kenji signs up for free, late at night.
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 4, 14, 30, 0, TimeSpan.Zero), Ct);
        var kenjiFields = Fields(("first_name", "Kenji"), ("plan", "free"), ("timezone", "Asia/Tokyo"));
        (await example.EnrollAsync("kenji@tsubame.example", kenjiFields, Ct)).Rejection.ShouldBeNull();

        // Saturday noon in Tokyo: Kenji answers the day-3 tips, which arrived that morning, in their own thread.
        await example.RunUntilAsync(new DateTimeOffset(2026, 3, 7, 3, 0, 0, TimeSpan.Zero), Ct);
        var kenjiTips = (await example.ContactAsync("kenji@tsubame.example", Ct)).Sent.Single(s => s.Step == 2);
        await DeliverReplyAsync(example, "Kenji Watanabe <kenji@tsubame.example>", kenjiTips,
            "Where do I find the alerts setting? I only see refresh options.", Ct);

        await example.RunToEndAsync(TimeSpan.FromDays(14), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(await example.TimelineAsync(Ct));

        var priya = await example.ContactAsync("priya@nimbus-labs.example", Ct);
        var tom = await example.ContactAsync("tom@fieldnotes.example", Ct);
        var lea = await example.ContactAsync("lea.fontaine@atelier-fontaine.example", Ct);
        var kenji = await example.ContactAsync("kenji@tsubame.example", Ct);

        // Day 1, 3 and 7 at the time of day they signed up, and the day-7 mail of their plan: Pro features for Priya, the
        // upgrade offer for Tom. The other day-7 step was skipped by its `when`.
        priya.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        priya.StepsSent.ShouldBe([1, 2, 3]);
        priya.Sent[0].SentAt.ShouldBe(priyaSignup);
        priya.LocalSentAt.ShouldBe([new(2026, 3, 2, 10, 15, 0), new(2026, 3, 4, 10, 15, 0), new(2026, 3, 8, 10, 15, 0)]);
        priya.EventsOf("skipped").ShouldHaveSingleItem().Detail.ShouldBe("step 4: when 'plan != 'pro'' is false");
        tom.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        tom.StepsSent.ShouldBe([1, 2, 4]);
        tom.Zone.Id.ShouldBe("America/New_York");
        tom.LocalSentAt.ShouldBe([new(2026, 3, 2, 11, 20, 0), new(2026, 3, 4, 11, 20, 0), new(2026, 3, 8, 11, 20, 0)],
            "11:20 each day, although New York's clocks went forward that Sunday");
        tom.EventsOf("skipped").ShouldHaveSingleItem().Detail.ShouldBe("step 3: when 'plan == 'pro'' is false");

        // Each mail starts its own thread under its own subject, with no In-Reply-To.
        foreach (var user in new[] { priya, tom })
        {
            user.Sent.Select(s => s.GmailThreadId).Distinct().Count().ShouldBe(3, user.Email);
            var subjects = user.Sent.Select(s => user.Message(s).GetHeader("Subject")!).ToList();
            subjects.ShouldAllBe(s => !s.StartsWith("Re:", StringComparison.Ordinal));
            user.Sent.Select(user.Message).ShouldAllBe(m => m.GetHeader("In-Reply-To") == null && m.GetHeader("References") == null);
            subjects[1].ShouldBe("Three things to set up in your first week");
        }

        priya.Sent.Select(s => priya.Message(s).GetHeader("Subject")).ShouldBe(
            ["Welcome to Acme Cloud, Priya", "Three things to set up in your first week", "Your Pro plan: the features people find late"]);
        tom.Message(tom.Sent[2]).GetHeader("Subject").ShouldBe("One week in: what the Free plan leaves out");

        // Léa answered the welcome: a person took over, and the drip stopped.
        lea.Enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        lea.StepsSent.ShouldBe([1]);
        lea.Thread.Count.ShouldBe(2, "her answer joined the welcome's thread");

        // Kenji's welcome went at once at 23:30; the tips waited for 09:00 (his window); his answer to the tips, in the
        // tips' own thread, stopped the drip all the same.
        kenji.Enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        kenji.StepsSent.ShouldBe([1, 2]);
        kenji.LocalSentAt.ShouldBe([new(2026, 3, 4, 23, 30, 0), new(2026, 3, 7, 9, 0, 0)]);
        kenji.Threads[kenjiTips.GmailThreadId!].Count.ShouldBe(2, "his answer joined the tips' thread");
        kenji.Enrollment.StatusReason.ShouldNotBeNull().ShouldContain("kenji@tsubame.example");
    }

    [Fact]
    public async Task SupportFollowUp_RequestsInTheInbox_AcknowledgedInTheirThreadAndFollowedUpOnlyWhereNoOneAnswered()
    {
        // Tuesday 3 March 2026, 09:30 in London. Three requests came in this morning.
        var start = new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);
        await using var example = await ExampleRunner.StartAsync("support-follow-up", start, "Acme Support", Ct);
        var nora = await example.ImportMessageFileAsync("inbox/nora-export.eml", ["INBOX", "UNREAD"], Ct);
        var omar = await example.ImportMessageFileAsync("inbox/omar-sso.eml", ["INBOX", "UNREAD"], Ct);
        var lina = await example.ImportMessageFileAsync("inbox/lina-teammate.eml", ["INBOX", "UNREAD"], Ct);

        // Each customer is enrolled into the thread of their request: found by a Gmail search, or named by its id.
        (await example.EnrollAsync("nora@brightdesk.example", Fields(("first_name", "Nora"), ("plan", "business")), Ct,
            threadQuery: "in:inbox from:nora@brightdesk.example")).Rejection.ShouldBeNull();
        (await example.EnrollAsync("omar@saltmarsh.example", Fields(("first_name", "Omar"), ("plan", "enterprise")), Ct,
            threadId: omar.ThreadId)).Rejection.ShouldBeNull();
        (await example.EnrollAsync("lina@fjordline.example", Fields(("first_name", "Lina"), ("plan", "free")), Ct,
            threadQuery: "in:inbox from:lina@fjordline.example subject:\"add a teammate\"")).Rejection.ShouldBeNull();

        // The acknowledgements go out; Lina answers hers two hours later (recipients.json). At 12:30 a teammate answers
        // Omar by hand from support@, in his thread, as Gmail's Reply button would.
        await example.RunUntilAsync(start.AddHours(3), Ct);
        await TeammateRepliesAsync(example, omar.ThreadId!, "Hi Omar, after a certificate rotation the IdP metadata needs re-uploading: "
            + "Settings > Security > SSO > Upload metadata. Can you try that and tell me?", Ct);
        await example.RunToEndAsync(TimeSpan.FromDays(3), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(await example.TimelineAsync(Ct));

        var noraOutcome = await example.ContactAsync("nora@brightdesk.example", Ct);
        var omarOutcome = await example.ContactAsync("omar@saltmarsh.example", Ct);
        var linaOutcome = await example.ContactAsync("lina@fjordline.example", Ct);

        // Everyone was acknowledged at once, in the thread of their own request.
        foreach (var (customer, request) in new[] { (noraOutcome, nora), (omarOutcome, omar), (linaOutcome, lina) })
        {
            customer.Enrollment.ExternalThread.ShouldBeTrue(customer.Email);
            customer.Enrollment.ThreadId.ShouldBe(request.ThreadId, customer.Email);
            (customer.Sent[0].SentAt!.Value - start).ShouldBeLessThan(TimeSpan.FromMinutes(2), customer.Email);
            ShouldReplyInTheExistingThread(customer);
        }

        noraOutcome.Message(noraOutcome.Sent[0]).GetHeader("In-Reply-To").ShouldBe("<CAF7nora.export.1@mail.brightdesk.example>");
        noraOutcome.Message(noraOutcome.Sent[0]).GetHeader("Subject").ShouldBe("Re: Can't export my invoices to CSV");

        // No one answered Nora: the follow-up went 24 hours after the acknowledgement, in the same thread.
        noraOutcome.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        noraOutcome.StepsSent.ShouldBe([1, 2]);
        (noraOutcome.Sent[1].SentAt!.Value - noraOutcome.Sent[0].SentAt!.Value).ShouldBe(TimeSpan.FromHours(24));
        noraOutcome.Thread.Count.ShouldBe(3, "her request, the acknowledgement, the follow-up");

        // A teammate answered Omar by hand: no automatic follow-up.
        omarOutcome.Enrollment.Status.ShouldBe(EnrollmentStatus.StoppedByTeammate);
        omarOutcome.StepsSent.ShouldBe([1]);
        omarOutcome.EventsOf("teammate-replied").ShouldHaveSingleItem();
        omarOutcome.Thread.Count.ShouldBe(3, "his request, the acknowledgement, the teammate's answer");
        omarOutcome.Thread[^1].GetHeader("From")!.ShouldContain("support@acme.example");

        // Lina answered the acknowledgement herself: no follow-up either.
        linaOutcome.Enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        linaOutcome.StepsSent.ShouldBe([1]);
    }

    [Fact]
    public async Task InvoiceReminders_InvoicesSentEarlier_RemindInTheInvoiceThreadOnTheirDatesSkippingThosePast()
    {
        // Monday 2 March 2026, 07:00 in New York. The four invoices went out weeks ago, from billing@ by hand.
        var start = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        await using var example = await ExampleRunner.StartAsync("invoice-reminders", start, "Acme Billing", Ct);
        var invoices = new Dictionary<string, GmailMessage>(StringComparer.Ordinal);
        foreach (var number in new[] { "1042", "1043", "1044", "1045" })
        {
            invoices[number] = await example.ImportMessageFileAsync($"invoices/invoice-{number}.eml", ["SENT"], Ct);
        }

        // Each row of contacts.csv, enrolled into the thread of its invoice:
        // nudge enroll EMAIL --sequence invoice-reminders --field … --thread-query 'in:sent subject:"Invoice 1042 from Acme"'
        var firstSteps = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var contact in await example.ReadContactsAsync(Ct))
        {
            var enrolled = await example.EnrollAsync(contact.Email, contact.Fields, Ct,
                threadQuery: $"in:sent subject:\"Invoice {contact.Fields["invoice"]} from Acme\"");
            enrolled.Rejection.ShouldBeNull(contact.Email);
            firstSteps[contact.Fields["invoice"]] = enrolled.FirstStep;
        }

        // 1043 was due on 20 February: its due-date reminder has passed and is skipped. 1045 was due in January: only
        // the final notice, which says `if_past: send`, is left, and it goes today.
        firstSteps.ShouldBe(
            new Dictionary<string, int?>(StringComparer.Ordinal) { ["1042"] = 1, ["1043"] = 2, ["1044"] = 1, ["1045"] = 3 });

        await example.RunToEndAsync(TimeSpan.FromDays(60), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(await example.TimelineAsync(Ct));

        var globex = await example.ContactAsync("accounts@globex.example", Ct);
        var initech = await example.ContactAsync("ap@initech.example", Ct);
        var umbrella = await example.ContactAsync("finance@umbrella-health.example", Ct);
        var hooli = await example.ContactAsync("billing@hooli.example", Ct);
        foreach (var (client, invoice) in new[] { (globex, "1042"), (initech, "1043"), (umbrella, "1044"), (hooli, "1045") })
        {
            // Every reminder is a reply in the invoice's own thread; the first one answers the invoice itself.
            client.Enrollment.ExternalThread.ShouldBeTrue(client.Email);
            client.Enrollment.ThreadId.ShouldBe(invoices[invoice].ThreadId, client.Email);
            client.Thread[0].Id.ShouldBe(invoices[invoice].Id);
            var invoiceMessageId = $"<invoice-{invoice}.";
            client.Thread[0].GetHeader("Message-ID")!.ShouldStartWith(invoiceMessageId);
            var first = client.Message(client.Sent[0]);
            first.GetHeader("In-Reply-To").ShouldBe(client.Thread[0].GetHeader("Message-ID"), client.Email);
            first.GetHeader("Subject").ShouldBe($"Re: Invoice {invoice} from Acme");
            ShouldReplyInTheExistingThread(client);
            ShouldBeInsideTheWindow(client);
        }

        // 1042, due Friday 6 March: on the day, then 21 March (a Saturday, so Monday 23) and 5 April (a Sunday, so Monday 6).
        globex.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        globex.StepsSent.ShouldBe([1, 2, 3]);
        globex.LocalSentAt.ShouldBe([new(2026, 3, 6, 9, 0, 0), new(2026, 3, 23, 9, 0, 0), new(2026, 4, 6, 9, 0, 0)]);

        // 1043: the overdue and final reminders only.
        initech.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        initech.StepsSent.ShouldBe([2, 3]);
        initech.LocalSentAt.Select(DateOnly.FromDateTime).ShouldBe([new(2026, 3, 9), new(2026, 3, 23)]);

        // 1044: Umbrella (in London) was reminded at 09:00 their time on the due date, and answered; nothing more.
        umbrella.Enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        umbrella.StepsSent.ShouldBe([1]);
        umbrella.LocalSentAt.ShouldBe([new(2026, 3, 11, 9, 0, 0)]);
        umbrella.Thread.Count.ShouldBe(3, "the invoice, the reminder, their answer");

        // 1045: the final notice at once, when the window opened in Los Angeles.
        hooli.Enrollment.Status.ShouldBe(EnrollmentStatus.Completed);
        hooli.StepsSent.ShouldBe([3]);
        hooli.LocalSentAt.ShouldBe([new(2026, 3, 2, 9, 0, 0)]);
    }

    /// <summary>Every step of the contact is in one Gmail thread: each a reply to the one before, as Gmail needs.</summary>
    private static void ShouldBeOneThreadOfReplies(ExampleContact contact)
    {
        contact.Sent.ShouldNotBeEmpty(contact.Email);
        contact.Sent.ShouldAllBe(s => s.GmailThreadId == contact.Enrollment.ThreadId, contact.Email);
        var messages = contact.Sent.Select(contact.Message).ToList();
        messages.ShouldAllBe(m => m.GetHeader("To")!.Contains(contact.Email), contact.Email);
        var subject = messages[0].GetHeader("Subject")!;
        subject.ShouldNotStartWith("Re:");
        for (var i = 1; i < messages.Count; i++)
        {
            messages[i].GetHeader("Subject").ShouldBe("Re: " + subject, contact.Email);
            messages[i].GetHeader("In-Reply-To").ShouldBe(messages[i - 1].GetHeader("Message-ID"), contact.Email);
            References(messages[i]).ShouldBe(messages.Take(i).Select(m => m.GetHeader("Message-ID")!), contact.Email);
        }
    }

    private static void ShouldBeInsideTheWindow(ExampleContact contact)
    {
        foreach (var local in contact.LocalSentAt)
        {
            local.DayOfWeek.ShouldNotBeOneOf([DayOfWeek.Saturday, DayOfWeek.Sunday], $"{contact.Email} at {local:yyyy-MM-dd HH:mm} local");
            local.TimeOfDay.ShouldBeGreaterThanOrEqualTo(WindowOpens, $"{contact.Email} at {local:yyyy-MM-dd HH:mm} local");
            local.TimeOfDay.ShouldBeLessThan(WindowCloses, $"{contact.Email} at {local:yyyy-MM-dd HH:mm} local");
        }
    }

    private static void ShouldBeBusinessDaysApart(ExampleContact contact, int from, int to, int businessDays,
        IReadOnlySet<DateOnly> holidays)
    {
        var first = DateOnly.FromDateTime(contact.LocalSentAt[from]);
        var second = DateOnly.FromDateTime(contact.LocalSentAt[to]);
        var expected = first;
        for (var counted = 0; counted < businessDays;)
        {
            expected = expected.AddDays(1);
            counted += BusinessDays.IsBusinessDay(expected, holidays) ? 1 : 0;
        }

        second.ShouldBe(expected,
            $"{contact.Email}: step {contact.Sent[to].Step} is {businessDays} business days after step {contact.Sent[from].Step}");
    }

    /// <summary>
    /// Every step of a contact enrolled into an existing thread (a customer's request, an invoice) answers in that
    /// thread: "Re: " its subject, In-Reply-To the message before, References every message of the thread before it.
    /// </summary>
    private static void ShouldReplyInTheExistingThread(ExampleContact contact)
    {
        var thread = contact.Thread;
        var original = thread[0];
        contact.Sent.ShouldAllBe(s => s.GmailThreadId == contact.Enrollment.ThreadId, contact.Email);
        foreach (var sent in contact.Sent)
        {
            var message = contact.Message(sent);
            var before = thread.TakeWhile(m => m.Id != message.Id).ToList();
            message.GetHeader("To")!.ShouldContain(contact.Email);
            message.GetHeader("Subject").ShouldBe(ThreadSubject.ForReply(original.GetHeader("Subject")!), contact.Email);
            message.GetHeader("In-Reply-To").ShouldBe(before[^1].GetHeader("Message-ID"), contact.Email);
            References(message).ShouldBe(before.Select(m => m.GetHeader("Message-ID")!), contact.Email);
        }
    }

    /// <summary>A teammate answers by hand from the mailbox, in the thread: what Gmail's Reply button sends (no X-Nudge-Send-Id).</summary>
    private static async Task TeammateRepliesAsync(ExampleRunner example, string threadId, string text, CancellationToken cancellationToken)
    {
        var thread = await example.MailboxClient.GetThreadAsync(threadId, MessageFormat.Metadata,
            ["Message-ID", "Subject", "From", "References"], cancellationToken);
        var last = thread.Messages![^1];
        var customer = InternetAddressList.Parse(thread.Messages[0].GetHeader("From")!).Mailboxes.First();
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("Jo at Acme Support", example.Mailbox.Email));
        reply.To.Add(customer);
        reply.Subject = ThreadSubject.ForReply(thread.Messages[0].GetHeader("Subject")!);
        reply.Date = example.Now;
        reply.InReplyTo = last.GetHeader("Message-ID")!.Trim('<', '>');
        foreach (var message in thread.Messages)
        {
            reply.References.Add(message.GetHeader("Message-ID")!.Trim('<', '>'));
        }

        reply.Body = new TextPart("plain") { Text = text };
        await example.MailboxClient.SendAsync(MessageComposer.ToRaw(reply), threadId, cancellationToken);
    }

    /// <summary>A contact answers one of our messages from their own mail client: it arrives in the mailbox's inbox.</summary>
    private static async Task DeliverReplyAsync(ExampleRunner example, string from, OutboxEntry answered, string text,
        CancellationToken cancellationToken)
    {
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse(from));
        reply.To.Add(new MailboxAddress(example.Mailbox.DisplayName, example.Mailbox.Email));
        reply.Subject = ThreadSubject.ForReply(answered.Subject);
        reply.Date = example.Now;
        reply.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..].TrimEnd('>'));
        reply.InReplyTo = answered.RfcMessageId!;
        reply.References.Add(answered.RfcMessageId!);
        reply.Body = new TextPart("plain") { Text = text };
        await example.MailboxClient.ImportAsync(MessageComposer.ToRaw(reply), null, ["INBOX", "UNREAD"], cancellationToken);
    }

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    private static string[] References(GmailMessage message) =>
        (message.GetHeader("References") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
