using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>The store queries behind the dashboard's leads page (search, state names, pages, bulk pause), on every provider.</summary>
public sealed class LeadQueryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEnrollmentsPageAsync_EmailSearch_MatchesAnyCaseNewestFirstAndWildcardsLiterally(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var ann = await EnrollAsync(store, "ann@globex.example", "outreach");
        var bob = await EnrollAsync(store, "Bob@GLOBEX.example", "outreach");
        var dan = await EnrollAsync(store, "dan_100%@hooli.example", "outreach");

        // Were % and _ wildcards, "_100%" and "_" would match this one too.
        await EnrollAsync(store, "dan1100x@hooli.example", "outreach");

        var globex = await ListAsync(store, new EnrollmentFilter(EmailSearch: "gLoBeX"));
        var wildcards = await ListAsync(store, new EnrollmentFilter(EmailSearch: "_100%"));
        var underscore = await ListAsync(store, new EnrollmentFilter(EmailSearch: "_"));
        var blank = await ListAsync(store, new EnrollmentFilter(EmailSearch: "  "));
        var none = await ListAsync(store, new EnrollmentFilter(EmailSearch: "initech"));

        globex.Items.Select(l => l.Enrollment.Id).ShouldBe([bob, ann]);
        globex.Items[0].ContactEmail.ShouldBe("Bob@GLOBEX.example");
        globex.Total.ShouldBe(2);
        wildcards.Items.ShouldHaveSingleItem().Enrollment.Id.ShouldBe(dan);
        wildcards.Total.ShouldBe(1);
        underscore.Items.ShouldHaveSingleItem().Enrollment.Id.ShouldBe(dan, "_ is a character, not a wildcard");
        blank.Total.ShouldBe(4);
        none.Items.ShouldBeEmpty();
        none.Total.ShouldBe(0);
        (await store.CountEnrollmentsAsync(new EnrollmentFilter(EmailSearch: "_100%"), Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEnrollmentsPageAsync_StateNameFilters_SplitActiveIntoActiveAndPaused(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var running = await EnrollAsync(store, "ann@globex.example", "outreach");
        var paused = await EnrollAsync(store, "bob@globex.example", "outreach");
        var replied = await EnrollAsync(store, "cleo@globex.example", "outreach");
        var elsewhere = await EnrollAsync(store, "dan@initech.example", "onboarding");
        await store.PauseEnrollmentsAsync(paused, null, "holiday", T0, Ct);
        await store.StopEnrollmentAsync(replied, EnrollmentStatus.Replied, "reply", T0, Ct);

        async Task<IEnumerable<long>> IdsAsync(string state, string? sequence = null, string? search = null)
        {
            var filter = EnrollmentStates.Filter(state).ShouldNotBeNull() with { SequenceName = sequence, EmailSearch = search };
            return (await ListAsync(store, filter)).Items.Select(l => l.Enrollment.Id);
        }

        (await IdsAsync("active")).ShouldBe([elsewhere, running]);
        (await IdsAsync("paused")).ShouldBe([paused]);
        (await IdsAsync("replied")).ShouldBe([replied]);
        (await IdsAsync("active", sequence: "outreach")).ShouldBe([running]);
        (await IdsAsync("active", search: "initech")).ShouldBe([elsewhere]);
        (await IdsAsync("paused", search: "initech")).ShouldBeEmpty();
        (await IdsAsync("bounced")).ShouldBeEmpty();
        EnrollmentStates.Filter("running").ShouldBeNull();
        (await store.CountEnrollmentsAsync(EnrollmentStates.Filter("paused")!, Ct)).ShouldBe(1);
        (await store.CountEnrollmentsAsync(new EnrollmentFilter(), Ct)).ShouldBe(4);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEnrollmentsPageAsync_NewestFirst_PagesByIdDescendingWithTheTotalOnEachPage(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var ids = new List<long>();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            ids.Add(await EnrollAsync(store, $"{name}@globex.example", "outreach"));
        }

        var first = await ListAsync(store, new EnrollmentFilter(), 0, 2);
        var second = await ListAsync(store, new EnrollmentFilter(), 2, 2);
        var last = await ListAsync(store, new EnrollmentFilter(), 4, 2);
        var beyond = await ListAsync(store, new EnrollmentFilter(), 6, 2);

        first.Items.Select(l => l.Enrollment.Id).ShouldBe([ids[4], ids[3]]);
        second.Items.Select(l => l.Enrollment.Id).ShouldBe([ids[2], ids[1]]);
        last.Items.Select(l => l.Enrollment.Id).ShouldBe([ids[0]]);
        beyond.Items.ShouldBeEmpty();
        new[] { first.Total, second.Total, last.Total, beyond.Total }.ShouldAllBe(t => t == 5);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEnrolledSequenceNamesAsync_Enrollments_EachNameOnceInOrdinalOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var empty = await store.ListEnrolledSequenceNamesAsync(Ct);
        await EnrollAsync(store, "ann@globex.example", "outreach");
        await EnrollAsync(store, "bob@globex.example", "outreach");
        var ended = await EnrollAsync(store, "ann@globex.example", "beta");
        await EnrollAsync(store, "ann@globex.example", "Onboarding");
        await store.StopEnrollmentAsync(ended, EnrollmentStatus.Completed, "done", T0, Ct);

        var names = await store.ListEnrolledSequenceNamesAsync(Ct);

        empty.ShouldBeEmpty();
        names.ShouldBe(["Onboarding", "beta", "outreach"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseMatchingEnrollmentsAsync_Filter_PausesOnlyRunningMatchesEachWithItsEvent(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var ann = await EnrollAsync(store, "ann@globex.example", "outreach");
        var amy = await EnrollAsync(store, "amy@globex.example", "outreach");
        var held = await EnrollAsync(store, "hal@globex.example", "outreach");
        var replied = await EnrollAsync(store, "cleo@globex.example", "outreach");
        var otherSequence = await EnrollAsync(store, "dan@globex.example", "onboarding");
        var otherAddress = await EnrollAsync(store, "bob@initech.example", "outreach");
        await store.PauseEnrollmentsAsync(held, null, "holiday", T0, Ct);
        await store.StopEnrollmentAsync(replied, EnrollmentStatus.Replied, "reply", T0, Ct);

        var paused = await store.PauseMatchingEnrollmentsAsync(new EnrollmentFilter("outreach", EmailSearch: "GLOBEX"), "paused from the dashboard",
            "paused from the dashboard by admin", T1, Ct);

        paused.ShouldBe(2);
        foreach (var id in new[] { ann, amy })
        {
            var enrollment = (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
            enrollment.IsPaused.ShouldBeTrue();
            enrollment.PausedReason.ShouldBe("paused from the dashboard");
            enrollment.PausedAt.ShouldBe(T1);
            (await store.ListEventsAsync(id, Ct)).Where(e => e.Kind == "paused").ShouldHaveSingleItem()
                .ShouldBe(new EnrollmentEvent(id, T1, "paused", "paused from the dashboard by admin"));
        }

        (await store.GetEnrollmentAsync(held, Ct))!.PausedReason.ShouldBe("holiday", "a paused one keeps its reason");
        (await store.GetEnrollmentAsync(replied, Ct))!.Status.ShouldBe(EnrollmentStatus.Replied);
        (await store.GetEnrollmentAsync(replied, Ct))!.IsPaused.ShouldBeFalse();
        (await store.GetEnrollmentAsync(otherSequence, Ct))!.IsPaused.ShouldBeFalse();
        (await store.GetEnrollmentAsync(otherAddress, Ct))!.IsPaused.ShouldBeFalse();
        foreach (var id in new[] { held, replied, otherSequence, otherAddress })
        {
            (await store.ListEventsAsync(id, Ct)).ShouldNotContain(e => e.Kind == "paused");
        }

        (await store.PauseMatchingEnrollmentsAsync(new EnrollmentFilter("outreach", EmailSearch: "GLOBEX"), "again", "again", T1, Ct)).ShouldBe(0);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseMatchingEnrollmentsAsync_EndedOrPausedStateFilter_PausesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var ann = await EnrollAsync(store, "ann@globex.example", "outreach");

        var byPaused = await store.PauseMatchingEnrollmentsAsync(EnrollmentStates.Filter("paused")!, "r", "d", T1, Ct);
        var byReplied = await store.PauseMatchingEnrollmentsAsync(EnrollmentStates.Filter("replied")!, "r", "d", T1, Ct);

        byPaused.ShouldBe(0);
        byReplied.ShouldBe(0);
        (await store.GetEnrollmentAsync(ann, Ct))!.IsPaused.ShouldBeFalse();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseMatchingEnrollmentsAsync_MoreMatchesThanABatch_PausesEveryOneOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await MailboxAsync(store);

        // Two batches and a bit, and non-matching ones among them, so that the keyset has to walk past those.
        var rows = Enumerable.Range(0, 1_300)
            .Select(i => (new Contact(0, $"lead{i}@{(i % 13 == 0 ? "initech" : "globex")}.example", new Dictionary<string, string>()),
                (NewEnrollment?)new NewEnrollment(0, "outreach", mailboxId, 1, T0, T0)))
            .ToList();
        await store.ImportAsync(rows, Ct);
        var matching = rows.Count(r => r.Item1.Email.Contains("globex", StringComparison.Ordinal));

        var paused = await store.PauseMatchingEnrollmentsAsync(new EnrollmentFilter(EmailSearch: "globex"), "r", "d", T1, Ct);

        paused.ShouldBe(matching);
        (await store.CountEnrollmentsAsync(EnrollmentStates.Filter("paused")!, Ct)).ShouldBe(matching);
        (await store.CountEnrollmentsAsync(EnrollmentStates.Filter("active")!, Ct)).ShouldBe(rows.Count - matching);
        var events = await store.ListEventsAfterAsync(0, 5_000, Ct);
        events.Count(e => e.Kind == "paused").ShouldBe(matching);
        events.Where(e => e.Kind == "paused").Select(e => e.EnrollmentId).Distinct().Count().ShouldBe(matching);
    }

    private static Task<ResultPage<EnrollmentListing>> ListAsync(IEngineStore store, EnrollmentFilter filter, int offset = 0, int limit = 10) =>
        store.ListEnrollmentsPageAsync(filter, EnrollmentOrder.NewestFirst, offset, limit, Ct);

    private static async Task<long> MailboxAsync(IEngineStore store) =>
        (await store.ListMailboxesAsync(Ct)) is [var first, ..]
            ? first.Id
            : await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);

    private static async Task<long> EnrollAsync(IEngineStore store, string email, string sequence)
    {
        var mailboxId = await MailboxAsync(store);
        var contact = await store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), Ct);
        return await store.EnrollAsync(contact, sequence, mailboxId, T0, Ct);
    }
}
