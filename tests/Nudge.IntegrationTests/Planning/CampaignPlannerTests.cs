using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Planning;
using Nudge.Core.Quota;
using Nudge.Core.Sequences;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Planning;

/// <summary><see cref="CampaignPlanner"/> over a real SQLite store and sequence files.</summary>
public sealed class CampaignPlannerTests : IAsyncDisposable
{
    // Monday 6 April 2026, 10:00 UTC: 06:00 in New York (EDT), 12:00 in Paris (CEST); no DST change for weeks.
    private static readonly DateTimeOffset Monday = new(2026, 4, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TwoWeeks = TimeSpan.FromDays(14);

    private const string ThreeSteps = """
        name: outreach
        window: { days: mon-fri, hours: "09:00-17:00" }
        steps:
          - template: intro
            wait: 0
          - template: bump
            wait: 2 business days
          - template: last
            wait: 3 business days
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-plan-").FullName;
    private readonly FakeTimeProvider _time = new(Monday);
    private TestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlanAsync_ThreeStepSequence_PlansEachStepOnBusinessDaysInTheContactsWindow()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", Fields("Globex", "America/New_York"));
        var bea = await EnrollAsync(store, mailboxId, "bea@initech.example", Fields("Initech", "Europe/Paris"));

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Problems.ShouldBeEmpty();
        plan.Until.ShouldBe(Monday + TwoWeeks);
        // New York opens at 09:00 EDT (13:00 UTC); Paris is open already (12:00 CEST). Then +2 and +3 business days.
        plan.Sends.Where(s => s.EnrollmentId == ann).Select(s => (s.At, s.Step, s.Subject, s.ThreadMode)).ShouldBe([
            (At(2026, 4, 6, 13, 0), 1, "Quick question for Globex", "new"),
            (At(2026, 4, 8, 13, 0), 2, "Re: Quick question for Globex", "reply"),
            (At(2026, 4, 13, 13, 0), 3, "Re: Quick question for Globex", "reply"),
        ]);
        plan.Sends.Where(s => s.EnrollmentId == bea).Select(s => (s.At, s.Step, s.TimeZone)).ShouldBe([
            (At(2026, 4, 6, 10, 0), 1, "Europe/Paris"),
            (At(2026, 4, 8, 10, 0), 2, "Europe/Paris"),
            (At(2026, 4, 13, 10, 0), 3, "Europe/Paris"),
        ]);
        plan.Sends.Select(s => s.At).ShouldBeInOrder();
        plan.Sends.ShouldAllBe(s => s.Mailbox == "sam@acme.example" && !s.Spilled);
        plan.MailboxDays.Select(d => (d.Date, d.Sends)).ShouldBe([
            (new DateOnly(2026, 4, 6), 2), (new DateOnly(2026, 4, 8), 2), (new DateOnly(2026, 4, 13), 2),
        ]);
    }

    [Fact]
    public async Task PlanAsync_StepAlreadySent_RepliesUnderTheSubjectFromTheOutbox()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", Fields("Globex", "America/New_York"), Monday.AddDays(-3));
        var sentAt = Monday.AddDays(-3);
        (await store.TryReserveSendAsync(new OutboxEntry(ann, 1, mailboxId, OutboxState.Sending, "<l1@acme.example>", "Old subject for Globex", sentAt),
            Ct)).ShouldBeTrue();
        await store.RecordSentAsync(new SentMessage(ann, 1, "gm-1", "thread-1", "<r1@mail.gmail.com>", sentAt), Monday.AddHours(-1), Ct);

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Problems.ShouldBeEmpty();
        plan.Sends.Select(s => (s.Step, s.Subject, s.ThreadMode)).ShouldBe([
            (2, "Re: Old subject for Globex", "reply"),
            (3, "Re: Old subject for Globex", "reply"),
        ]);
        plan.Sends[0].At.ShouldBe(At(2026, 4, 6, 13, 0), "due an hour ago: sent when New York's window opens");
    }

    [Fact]
    public async Task PlanAsync_MissingMergeField_ReportsFieldContactAndTemplateAndPlansNothingForIt()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", new Dictionary<string, string> { ["first_name"] = "Ann" });
        await EnrollAsync(store, mailboxId, "bea@initech.example", Fields("Initech"));

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Sends.ShouldNotContain(s => s.EnrollmentId == ann);
        plan.Sends.Count.ShouldBe(3);
        var problem = plan.Problems.ShouldHaveSingleItem();
        (problem.Kind, problem.EnrollmentId, problem.Contact, problem.Step).ShouldBe(("missing-field", (long?)ann, "ann@globex.example", (int?)1));
        problem.Message.ShouldContain("template 'intro' needs field 'company' which contact ann@globex.example does not have");
    }

    [Fact]
    public async Task PlanAsync_FieldMissingOnlyInALaterStepPastTheHorizon_IsStillReported()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps, lastBody: "Last note about {{ product }}.\n");
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", Fields("Globex"));

        var plan = await Planner(store, sequence).PlanAsync(Monday, TimeSpan.FromDays(3), Ct);

        plan.Sends.Select(s => s.Step).ShouldBe([1, 2]);
        var problem = plan.Problems.ShouldHaveSingleItem();
        (problem.Kind, problem.EnrollmentId, problem.Step).ShouldBe(("missing-field", (long?)ann, (int?)3));
        problem.Message.ShouldContain("after the plan's end");
        problem.Message.ShouldContain("'product'");
    }

    [Fact]
    public async Task PlanAsync_SuppressedAddress_ReportsItAndPlansNothingForIt()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var bob = await EnrollAsync(store, mailboxId, "bob@hooli.example", Fields("Hooli"));
        await store.AddSuppressionAsync(Suppression.Parse("hooli.example", "asked us to stop", Monday.AddDays(-1)), Ct);

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Sends.ShouldBeEmpty();
        var problem = plan.Problems.ShouldHaveSingleItem();
        (problem.Kind, problem.EnrollmentId, problem.Contact).ShouldBe(("suppressed", (long?)bob, "bob@hooli.example"));
        problem.Message.ShouldContain("hooli.example: asked us to stop");
    }

    [Fact]
    public async Task PlanAsync_UnknownTimeZoneField_ReportsTheFieldAndPlansOnlyTheStepAlreadyDue()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", Fields("Globex", "Mars/Olympus_Mons"));

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        // The worker sends the step already scheduled, then fails the enrollment when it cannot schedule the next one.
        plan.Sends.Select(s => s.Step).ShouldBe([1]);
        var problem = plan.Problems.ShouldHaveSingleItem();
        (problem.Kind, problem.EnrollmentId).ShouldBe(("schedule", (long?)ann));
        problem.Message.ShouldContain("field 'timezone' is 'Mars/Olympus_Mons'");
    }

    [Fact]
    public async Task PlanAsync_DailyLimitOfTenAndThirtyContacts_SpillsToFollowingDaysWithinTheShare()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps.Replace("wait: 2 business days", "wait: 30 days", StringComparison.Ordinal));
        await store.SetMailboxQuotaAsync(mailboxId, GmailQuotaRegime.May2026, 10, Ct);
        for (var i = 0; i < 30; i++)
        {
            await EnrollAsync(store, mailboxId, $"lead{i:00}@example.com", Fields("Acme", "Europe/London"));
        }

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        // 90 % of 10 is 9 a day: Monday, Tuesday, Wednesday full, three on Thursday, each send 20 s after the last.
        plan.Sends.Count.ShouldBe(30);
        plan.MailboxDays.Select(d => (d.Date, d.Sends, d.Share, d.DailyLimit)).ShouldBe([
            (new DateOnly(2026, 4, 6), 9, 9, 10), (new DateOnly(2026, 4, 7), 9, 9, 10),
            (new DateOnly(2026, 4, 8), 9, 9, 10), (new DateOnly(2026, 4, 9), 3, 9, 10),
        ]);
        plan.Sends.Count(s => s.Spilled).ShouldBe(21);
        plan.Sends[0].At.ShouldBe(Monday);
        plan.Sends[8].At.ShouldBe(Monday.AddSeconds(160));
        plan.Sends[9].At.ShouldBe(Monday.AddDays(1).AddMinutes(1).AddMilliseconds(1), "when the first send leaves the window (24 h + 1 min margin)");
        plan.Sends.Zip(plan.Sends.Skip(1)).ShouldAllBe(p => p.Second.At - p.First.At >= TimeSpan.FromSeconds(20));
        foreach (var send in plan.Sends)
        {
            plan.Sends.Count(s => s.At > send.At - TimeSpan.FromDays(1) && s.At <= send.At).ShouldBeLessThanOrEqualTo(9);
        }

        var problem = plan.Problems.ShouldHaveSingleItem();
        problem.Kind.ShouldBe("daily-limit");
        problem.Message.ShouldStartWith("21 send(s) from sam@acme.example spill past their day (2026-04-06)");
        problem.Message.ShouldContain($"first moved from {Monday:u} to");
    }

    [Fact]
    public async Task PlanAsync_SendsAlreadyInTheWindow_CountAgainstTheFirstDay()
    {
        var (store, mailboxId, sequence) = await SetUpAsync("name: outreach\nsteps:\n  - template: intro\n    wait: 0\n");
        await store.SetMailboxQuotaAsync(mailboxId, GmailQuotaRegime.May2026, 10, Ct);
        for (var i = 0; i < 5; i++)
        {
            (await store.RecordManualSendAsync(mailboxId, $"manual-{i}", Monday.AddHours(-2), Ct)).ShouldBeTrue();
        }

        for (var i = 0; i < 6; i++)
        {
            await EnrollAsync(store, mailboxId, $"lead{i}@example.com", Fields("Acme"));
        }

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Sends.Count(s => s.At < Monday.AddHours(12)).ShouldBe(4, "5 of the 9 places were taken by the user's own sends");
        // The window frees when the user's sends of 08:00 leave it (24 h + 1 min later); the next goes a pacing gap after.
        var freed = Monday.AddHours(22).AddMinutes(1).AddMilliseconds(1);
        plan.Sends.Where(s => s.Spilled).Select(s => s.At).ShouldBe([freed, freed.AddSeconds(20)]);
        plan.Problems.ShouldHaveSingleItem().Kind.ShouldBe("daily-limit");
    }

    [Fact]
    public async Task PlanAsync_PausedEnrollmentAndPausedSequence_AreReportedWithTheReasonNotPlanned()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", Fields("Globex"));
        await EnrollAsync(store, mailboxId, "bea@initech.example", Fields("Initech"));
        var contactId = await store.UpsertContactAsync(new Contact(0, "cy@umbrella.example", Fields("Umbrella")), Ct);
        await store.EnrollAsync(contactId, "newsletter", mailboxId, Monday, Ct);
        await store.PauseEnrollmentsAsync(ann, null, "Pat: she asked to talk after her holiday", Monday.AddDays(-1), Ct);
        await store.PauseSequenceAsync("newsletter", "Sam: copy under review", Monday.AddDays(-2), Ct);

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Sends.ShouldAllBe(s => s.To == "bea@initech.example");
        plan.Sends.Count.ShouldBe(3);
        plan.Problems.Select(p => (p.Kind, p.EnrollmentId)).ShouldBe([("paused", (long?)ann), ("paused", (long?)null)]);
        plan.Problems[0].Message.ShouldContain("Pat: she asked to talk after her holiday");
        plan.Problems[1].Message.ShouldContain("sequence 'newsletter' is paused");
        plan.Problems[1].Message.ShouldContain("Sam: copy under review");
    }

    [Fact]
    public async Task PlanAsync_UnknownSequenceAndPausedMailbox_AreReported()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        var other = await store.UpsertMailboxAsync(new Mailbox(0, "kim@acme.example", "Kim", "http://127.0.0.1:1/", "token", null), Ct);
        await store.PauseMailboxAsync(other, "Google refused the sign-in: sign in again", Monday.AddHours(-3), Ct);
        var lost = await EnrollAsync(store, mailboxId, "ann@globex.example", Fields("Globex"), sequenceName: "retired");
        await EnrollAsync(store, other, "bea@initech.example", Fields("Initech"));

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Sends.ShouldBeEmpty();
        plan.Problems.Select(p => (p.Kind, p.EnrollmentId)).ShouldBe([("unknown-sequence", (long?)lost), ("mailbox", (long?)null)]);
        plan.Problems[1].Message.ShouldContain("mailbox kim@acme.example is paused");
        plan.Problems[1].Message.ShouldContain("Google refused the sign-in");
    }

    [Fact]
    public async Task PlanAsync_AnyPlan_ChangesNothingInTheStore()
    {
        var (store, mailboxId, sequence) = await SetUpAsync(ThreeSteps);
        await store.SetMailboxQuotaAsync(mailboxId, GmailQuotaRegime.May2026, 4, Ct);
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await EnrollAsync(store, mailboxId, $"lead{i}@example.com", Fields("Acme")));
        }

        ids.Add(await EnrollAsync(store, mailboxId, "nofield@example.com", new Dictionary<string, string>()));
        var before = await SnapshotAsync(store, ids);

        var plan = await Planner(store, sequence).PlanAsync(Monday, TwoWeeks, Ct);

        plan.Sends.ShouldNotBeEmpty();
        plan.Problems.ShouldNotBeEmpty();
        var after = await SnapshotAsync(store, ids);
        after.Enrollments.ShouldBe(before.Enrollments);
        after.Outbox.ShouldBe(before.Outbox);
        after.Events.ShouldBe(before.Events);
        after.Quota.ShouldBe(before.Quota);
        after.Mailboxes.ShouldBe(before.Mailboxes);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private CampaignPlanner Planner(IEngineStore store, SequenceDefinition sequence) => new(store, new SequenceCatalog([sequence]), _time);

    private async Task<(IEngineStore Store, long MailboxId, SequenceDefinition Sequence)> SetUpAsync(string yaml, string? lastBody = null)
    {
        _database = await TestDatabase.CreateAsync(EngineStoreFactory.Sqlite, Ct);
        var store = await _database.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);

        var templates = Directory.CreateDirectory(Path.Combine(_dir, "templates")).FullName;
        await File.WriteAllTextAsync(Path.Combine(templates, "intro.liquid"),
            "---\nsubject: Quick question for {{ company }}\n---\nHi {{ first_name | default: \"there\" }}, a note about {{ company }}.\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(templates, "bump.liquid"), "Bumping this.\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(templates, "last.liquid"), lastBody ?? "Last note from me.\n", Ct);
        var sequence = await SequenceFile.ParseAsync(yaml, "sequence.yaml", templates, Ct);
        return (store, mailboxId, sequence);
    }

    private static async Task<long> EnrollAsync(IEngineStore store, long mailboxId, string email, IReadOnlyDictionary<string, string> fields,
        DateTimeOffset? dueAt = null, string sequenceName = "outreach")
    {
        var contactId = await store.UpsertContactAsync(new Contact(0, email, fields), Ct);
        return await store.EnrollAsync(contactId, sequenceName, mailboxId, dueAt ?? Monday, Ct);
    }

    private static Dictionary<string, string> Fields(string company, string? timeZone = null)
    {
        var fields = new Dictionary<string, string> { ["company"] = company };
        if (timeZone is not null)
        {
            fields["timezone"] = timeZone;
        }

        return fields;
    }

    private static async Task<StoreSnapshot> SnapshotAsync(IEngineStore store, IReadOnlyList<long> enrollmentIds)
    {
        var outbox = new List<OutboxEntry>();
        var events = new List<EnrollmentEvent>();
        foreach (var id in enrollmentIds)
        {
            outbox.AddRange(await store.ListOutboxAsync(id, Ct));
            events.AddRange(await store.ListEventsAsync(id, Ct));
        }

        var mailboxes = await store.ListMailboxesAsync(Ct);
        var quota = new List<(int, DateTimeOffset?, double?)>();
        foreach (var mailbox in mailboxes)
        {
            var state = await store.GetQuotaStateAsync(mailbox.Id, Monday.AddDays(-2), Ct);
            quota.Add((state.SendTimes.Count, state.NextSendAt, state.Tokens));
        }

        return new StoreSnapshot([.. await store.ListEnrollmentsAsync(Ct)], outbox, events, quota, [.. mailboxes]);
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private sealed record StoreSnapshot(
        List<Enrollment> Enrollments,
        List<OutboxEntry> Outbox,
        List<EnrollmentEvent> Events,
        List<(int, DateTimeOffset?, double?)> Quota,
        List<Mailbox> Mailboxes);
}
