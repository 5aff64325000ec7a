using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>The store queries behind the HTTP API's listings and stats, on every provider.</summary>
public sealed class ApiQueryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEnrollmentsPageAsync_Filters_PageOldestFirstWithAddressesAndTotal(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (ann, bob, cleo, dan) = (await EnrollAsync(store, "ann@globex.example", "outreach"), await EnrollAsync(store, "bob@globex.example", "outreach"),
            await EnrollAsync(store, "cleo@globex.example", "outreach"), await EnrollAsync(store, "dan@globex.example", "onboarding"));
        await store.StopEnrollmentAsync(bob, EnrollmentStatus.Replied, "reply", T0, Ct);
        await store.PauseEnrollmentsAsync(cleo, null, "holiday", T0, Ct);

        var all = await store.ListEnrollmentsPageAsync(new EnrollmentFilter(), EnrollmentOrder.OldestFirst, 0, 10, Ct);
        var secondPage = await store.ListEnrollmentsPageAsync(new EnrollmentFilter(), EnrollmentOrder.OldestFirst, 2, 2, Ct);
        var outreach = await store.ListEnrollmentsPageAsync(new EnrollmentFilter("outreach"), EnrollmentOrder.OldestFirst, 0, 10, Ct);
        var running = await store.ListEnrollmentsPageAsync(new EnrollmentFilter(null, EnrollmentStatus.Active, false), EnrollmentOrder.OldestFirst, 0, 10, Ct);
        var paused = await store.ListEnrollmentsPageAsync(new EnrollmentFilter("outreach", EnrollmentStatus.Active, true), EnrollmentOrder.OldestFirst, 0, 10, Ct);
        var replied = await store.ListEnrollmentsPageAsync(new EnrollmentFilter(null, EnrollmentStatus.Replied), EnrollmentOrder.OldestFirst, 0, 10, Ct);
        var nothing = await store.ListEnrollmentsPageAsync(new EnrollmentFilter("nosuch"), EnrollmentOrder.OldestFirst, 0, 10, Ct);

        all.Total.ShouldBe(4);
        all.Items.Select(l => l.Enrollment.Id).ShouldBe([ann, bob, cleo, dan]);
        all.Items[0].ContactEmail.ShouldBe("ann@globex.example");
        all.Items[0].MailboxEmail.ShouldBe("sam@acme.example");
        all.Items[0].Enrollment.ShouldBe((await store.GetEnrollmentAsync(ann, Ct))!);
        secondPage.Items.Select(l => l.Enrollment.Id).ShouldBe([cleo, dan]);
        secondPage.Total.ShouldBe(4);
        outreach.Items.Select(l => l.Enrollment.Id).ShouldBe([ann, bob, cleo]);
        running.Items.Select(l => l.Enrollment.Id).ShouldBe([ann, dan]);
        paused.Items.Select(l => l.Enrollment.Id).ShouldBe([cleo]);
        replied.Items.Select(l => l.ContactEmail).ShouldBe(["bob@globex.example"]);
        replied.Total.ShouldBe(1);
        nothing.Items.ShouldBeEmpty();
        nothing.Total.ShouldBe(0);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountEnrollmentsByStateAsync_MixedStates_CountsPerSequenceStatusAndPause(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var ids = new List<long>();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            ids.Add(await EnrollAsync(store, $"{name}@globex.example", "outreach"));
        }

        await EnrollAsync(store, "e@globex.example", "onboarding");
        await store.StopEnrollmentAsync(ids[0], EnrollmentStatus.Replied, "reply", T0, Ct);
        await store.StopEnrollmentAsync(ids[1], EnrollmentStatus.Replied, "reply", T0, Ct);
        await store.PauseEnrollmentsAsync(ids[2], null, "holiday", T0, Ct);

        var counts = await store.CountEnrollmentsByStateAsync(Ct);

        counts.ShouldBe(
        [
            new SequenceStateCount("onboarding", EnrollmentStatus.Active, false, 1),
            new SequenceStateCount("outreach", EnrollmentStatus.Active, false, 1),
            new SequenceStateCount("outreach", EnrollmentStatus.Active, true, 1),
            new SequenceStateCount("outreach", EnrollmentStatus.Replied, false, 2),
        ], ignoreOrder: true);
        counts.Single(c => c.Paused).State.ShouldBe("paused");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SearchContactsAsync_Text_MatchesAddressOrFieldValueAnyCaseAndPages(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        foreach (var (email, company) in new[] { ("ann@globex.example", "Globex"), ("bob@initech.example", "Initech"),
                     ("cleo@umbrella.example", "GLOBEX subsidiary"), ("dan_100%@hooli.example", "Hooli") })
        {
            await store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string> { ["company"] = company }), Ct);
        }

        var globex = await store.SearchContactsAsync("GloBex", 0, 10, Ct);
        var firstOnly = await store.SearchContactsAsync("globex", 0, 1, Ct);
        var wildcards = await store.SearchContactsAsync("_100%", 0, 10, Ct);
        var literalUnderscore = await store.SearchContactsAsync("_", 0, 10, Ct);
        var everyone = await store.SearchContactsAsync("  ", 1, 2, Ct);

        globex.Items.Select(c => c.Email).ShouldBe(["ann@globex.example", "cleo@umbrella.example"]);
        globex.Total.ShouldBe(2);
        firstOnly.Items.ShouldHaveSingleItem().Email.ShouldBe("ann@globex.example");
        firstOnly.Total.ShouldBe(2);
        wildcards.Items.ShouldHaveSingleItem().Email.ShouldBe("dan_100%@hooli.example");
        literalUnderscore.Items.ShouldHaveSingleItem().Email.ShouldBe("dan_100%@hooli.example", "_ is a character, not a wildcard");
        everyone.Items.Select(c => c.Email).ShouldBe(["bob@initech.example", "cleo@umbrella.example"]);
        everyone.Total.ShouldBe(4);
    }

    private static async Task<long> EnrollAsync(IEngineStore store, string email, string sequence)
    {
        var mailboxId = (await store.ListMailboxesAsync(Ct)) is [var first, ..] ? first.Id : (long?)null
            ?? await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);
        var contact = await store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), Ct);
        return await store.EnrollAsync(contact, sequence, mailboxId, T0, Ct);
    }
}
