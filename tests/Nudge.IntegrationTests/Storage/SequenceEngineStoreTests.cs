using System.Data.Common;
using System.Globalization;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>
/// The sequence engine's store (migration 005): enrolling with a first step and an existing thread, importing in one
/// transaction, a contact's other addresses, pauses of enrollments, contacts and sequences, claiming among a worker's
/// mailboxes, and a mailbox's time zone. Run against every provider.
/// </summary>
public sealed class SequenceEngineStoreTests
{
    // Whole milliseconds: the stores keep instants as Unix milliseconds.
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollAsync_NewEnrollmentWithExistingThread_StoresFirstStepEnrolledAtAndExternalThread(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);

        var id = await store.EnrollAsync(new NewEnrollment(contactId, "invoices", mailboxId, 2, T0.AddDays(3), T0, "thread-invoice-42"), Ct);

        var enrollment = (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.ShouldBe(new Enrollment(id, contactId, "invoices", mailboxId, 2, T0.AddDays(3), EnrollmentStatus.Active, "thread-invoice-42",
            null, null, Attempts: 0, EnrolledAt: T0, PausedAt: null, PausedReason: null, ExternalThread: true));
        enrollment.IsPaused.ShouldBeFalse();
        (await store.FindEnrollmentByThreadAsync(mailboxId, "thread-invoice-42", Ct)).ShouldNotBeNull().Id.ShouldBe(id);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollAsync_NewEnrollmentWithoutThread_IsNotExternal(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);

        var id = await store.EnrollAsync(new NewEnrollment(contactId, "welcome", mailboxId, 1, T0.AddHours(1), T0), Ct);

        var enrollment = (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        (enrollment.NextStep, enrollment.DueAt, enrollment.EnrolledAt, enrollment.ThreadId, enrollment.ExternalThread)
            .ShouldBe((1, T0.AddHours(1), T0, null, false));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollAsync_NewEnrollmentTwice_ReturnsSameIdAndKeepsTheFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var otherMailboxId = await store.UpsertMailboxAsync(NewMailbox("other@example.com"), Ct);
        var id = await store.EnrollAsync(new NewEnrollment(contactId, "welcome", mailboxId, 1, T0, T0), Ct);

        var again = await store.EnrollAsync(new NewEnrollment(contactId, "welcome", otherMailboxId, 3, T0.AddDays(9), T0.AddDays(1), "thread-x"), Ct);

        again.ShouldBe(id);
        (await store.GetEnrollmentAsync(id, Ct)).ShouldBe(
            new Enrollment(id, contactId, "welcome", mailboxId, 1, T0, EnrollmentStatus.Active, null, null, null, EnrolledAt: T0));
        (await store.ListEnrollmentsAsync(Ct)).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollAsync_LegacyOverload_EnrollsAtStepOneWithEnrolledAtTheFirstDueTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);

        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        var again = await store.EnrollAsync(new NewEnrollment(contactId, "welcome", mailboxId, 2, T0.AddDays(1), T0.AddDays(1)), Ct);

        again.ShouldBe(id);
        var enrollment = (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        (enrollment.NextStep, enrollment.DueAt, enrollment.EnrolledAt, enrollment.ExternalThread).ShouldBe((1, T0, T0, false));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollAsync_FirstStepZero_ThrowsAndStoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() =>
            store.EnrollAsync(new NewEnrollment(contactId, "welcome", mailboxId, 0, T0, T0), Ct));

        (await store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportAsync_RowsWithAndWithoutEnrollment_ReturnsIdsPerRowInOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(NewMailbox(), Ct);

        // The enrollment's ContactId is ignored: the row's contact is enrolled.
        var ids = await store.ImportAsync(
        [
            (Contact("ann@example.com", ("first_name", "Ann")), new NewEnrollment(999_999, "welcome", mailboxId, 1, T0, T0)),
            (Contact("bob@example.com"), null),
            (Contact("cy@example.com"), new NewEnrollment(0, "invoices", mailboxId, 2, T0.AddDays(1), T0, "thread-cy")),
        ], Ct);

        var contacts = await store.ListContactsAsync(Ct);
        contacts.Select(c => c.Email).ShouldBe(["ann@example.com", "bob@example.com", "cy@example.com"]);
        ids.Select(r => r.ContactId).ShouldBe(contacts.Select(c => c.Id));
        ids[1].EnrollmentId.ShouldBeNull();
        var enrollments = await store.ListEnrollmentsAsync(Ct);
        enrollments.Select(e => (e.Id, e.ContactId, e.SequenceName)).ShouldBe(
        [
            (ids[0].EnrollmentId.ShouldNotBeNull(), ids[0].ContactId, "welcome"),
            (ids[2].EnrollmentId.ShouldNotBeNull(), ids[2].ContactId, "invoices"),
        ]);
        var cy = enrollments[1];
        (cy.NextStep, cy.DueAt, cy.EnrolledAt, cy.ThreadId, cy.ExternalThread).ShouldBe((2, T0.AddDays(1), T0, "thread-cy", true));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportAsync_SameEmailInOtherCase_UpsertsOneContactAndReturnsTheSameEnrollment(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(NewMailbox(), Ct);
        var existing = await store.UpsertContactAsync(Contact("Ann@Example.com", ("first_name", "Ann")), Ct);
        var enrolled = await store.EnrollAsync(new NewEnrollment(existing, "welcome", mailboxId, 1, T0, T0), Ct);

        var ids = await store.ImportAsync(
        [
            (Contact("ann@example.com", ("first_name", "Annie")), new NewEnrollment(0, "welcome", mailboxId, 2, T0.AddDays(5), T0.AddDays(5))),
            (Contact("ANN@EXAMPLE.COM", ("company", "Acme")), new NewEnrollment(0, "welcome", mailboxId, 3, T0.AddDays(6), T0.AddDays(6))),
        ], Ct);

        ids.ShouldBe([(existing, enrolled), (existing, enrolled)]);
        var contact = (await store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
        contact.Id.ShouldBe(existing);
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["company"] = "Acme" }, "the last row's fields replace the contact's");
        var enrollment = (await store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem();
        (enrollment.Id, enrollment.NextStep, enrollment.DueAt).ShouldBe((enrolled, 1, T0));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportContactsAsync_StoredContactAndRepeatedEmail_KeepsTheFieldsARowLacks(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var existing = await store.UpsertContactAsync(Contact("Ann@Example.com", ("first_name", "Ann"), ("tz", "Europe/Paris")), Ct);

        // More rows than one batch, so that the repeated email is merged across batches too.
        var many = Enumerable.Range(0, 2_500).Select(i => Contact($"lead{i}@example.com", ("n", i.ToString(CultureInfo.InvariantCulture))));
        var count = await store.ImportContactsAsync(
            [Contact("ann@example.com", ("company", "Acme")), .. many, Contact("ANN@example.com", ("first_name", "Annie"), ("other_emails", "a2@example.org"))],
            Ct);

        count.ShouldBe(2_502);
        var ann = (await store.FindContactByAddressAsync("a2@example.org", Ct)).ShouldNotBeNull();
        ann.Id.ShouldBe(existing);
        ann.Fields.ShouldBe(new Dictionary<string, string>
        {
            ["first_name"] = "Annie",
            ["tz"] = "Europe/Paris",
            ["company"] = "Acme",
            ["other_emails"] = "a2@example.org",
        });
        (await store.FindContactByAddressAsync("lead2499@example.com", Ct)).ShouldNotBeNull().Fields["n"].ShouldBe("2499");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportContactsAsync_SequenceFailsAfterABatch_StoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);

        static IEnumerable<Contact> FailingAfterABatch()
        {
            for (var i = 0; i < 1_500; i++)
            {
                yield return Contact($"lead{i}@example.com");
            }

            throw new IOException("the file went away");
        }

        await Should.ThrowAsync<IOException>(() => store.ImportContactsAsync(FailingAfterABatch(), Ct));

        (await store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportAsync_RowFailsInsideTheTransaction_StoresNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(NewMailbox(), Ct);
        var keptId = await store.UpsertContactAsync(Contact("kept@example.com", ("first_name", "Kept")), Ct);
        const long missingMailboxId = 999_999;

        // The last row's enrollment names a mailbox that does not exist: a foreign-key violation, after the earlier
        // rows (and the last row's own contact) were written in the same transaction.
        var failure = await Record.ExceptionAsync(() => store.ImportAsync(
        [
            (Contact("new1@example.com", ("other_emails", "alias1@example.org")), new NewEnrollment(0, "welcome", mailboxId, 1, T0, T0)),
            (Contact("kept@example.com", ("first_name", "Changed")), new NewEnrollment(0, "welcome", mailboxId, 1, T0, T0)),
            (Contact("new2@example.com"), null),
            (Contact("new3@example.com"), new NewEnrollment(0, "welcome", missingMailboxId, 1, T0, T0)),
        ], Ct));

        failure.ShouldBeAssignableTo<DbException>();
        var contact = (await store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
        contact.ShouldBe(new Contact(keptId, "kept@example.com", contact.Fields));
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Kept" });
        (await store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
        (await store.FindContactByAddressAsync("new1@example.com", Ct)).ShouldBeNull();
        (await store.FindContactByAddressAsync("alias1@example.org", Ct)).ShouldBeNull();
        (await store.FindContactByAddressAsync("new3@example.com", Ct)).ShouldBeNull();
        (await store.FindContactByAddressAsync("kept@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(keptId);

        // The store is still usable, and the same import without the bad row goes through.
        var ids = await store.ImportAsync([(Contact("new1@example.com"), new NewEnrollment(0, "welcome", mailboxId, 1, T0, T0))], Ct);
        ids.ShouldHaveSingleItem().EnrollmentId.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ImportAsync_NoRows_ReturnsEmpty(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);

        (await store.ImportAsync([], Ct)).ShouldBeEmpty();
        (await store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindContactByAddressAsync_EmailOrOtherEmails_FindsTheContactCaseInsensitively(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var annId = await store.UpsertContactAsync(
            Contact("Ann@Example.com", ("first_name", "Ann"), ("other_emails", "Ann.B@Example.org; ann@home.example, not-an-address")), Ct);
        var bobId = await store.UpsertContactAsync(Contact("bob@example.com"), Ct);

        (await store.FindContactByAddressAsync("ann@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(annId);
        (await store.FindContactByAddressAsync("ANN@EXAMPLE.COM", Ct)).ShouldNotBeNull().Id.ShouldBe(annId);
        (await store.FindContactByAddressAsync("  ann.b@EXAMPLE.ORG ", Ct)).ShouldNotBeNull().Id.ShouldBe(annId);
        var viaAlias = (await store.FindContactByAddressAsync("Ann@Home.Example", Ct)).ShouldNotBeNull();
        viaAlias.Email.ShouldBe("Ann@Example.com");
        viaAlias.Fields["first_name"].ShouldBe("Ann");
        (await store.FindContactByAddressAsync("BOB@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(bobId);
        (await store.FindContactByAddressAsync("not-an-address", Ct)).ShouldBeNull();
        (await store.FindContactByAddressAsync("nobody@example.com", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertContactAsync_OtherEmailsChanged_ForgetsTheOldAddressesAndKnowsTheNew(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertContactAsync(Contact("ann@example.com", ("other_emails", "old@example.org")), Ct);

        (await store.UpsertContactAsync(Contact("ANN@example.com", ("other_emails", "new@example.org")), Ct)).ShouldBe(id);

        (await store.FindContactByAddressAsync("old@example.org", Ct)).ShouldBeNull();
        (await store.FindContactByAddressAsync("new@example.org", Ct)).ShouldNotBeNull().Id.ShouldBe(id);
        (await store.FindContactByAddressAsync("ann@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(id);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertContactAsync_AddressClaimedByAnotherContact_StaysWithTheFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var annId = await store.UpsertContactAsync(Contact("ann@example.com", ("other_emails", "shared@example.com")), Ct);

        var bobId = await store.UpsertContactAsync(Contact("bob@example.com", ("other_emails", "Shared@Example.com bob@home.example")), Ct);
        await store.UpsertContactAsync(Contact("bob@example.com", ("other_emails", "shared@example.com bob@home.example"), ("company", "Acme")), Ct);

        (await store.FindContactByAddressAsync("shared@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(annId);
        (await store.FindContactByAddressAsync("bob@home.example", Ct)).ShouldNotBeNull().Id.ShouldBe(bobId);
        (await store.FindContactByAddressAsync("bob@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(bobId);
        (await store.GetContactAsync(bobId, Ct)).ShouldNotBeNull().Fields["other_emails"].ShouldBe("shared@example.com bob@home.example");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertContactAsync_AnotherContactDropsTheAliasOfThisContactsEmail_TheEmailFindsThisContactAgain(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var annId = await store.UpsertContactAsync(Contact("ann@example.com", ("other_emails", "bob@example.com")), Ct);
        var bobId = await store.UpsertContactAsync(Contact("bob@example.com"), Ct);
        (await store.FindContactByAddressAsync("bob@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(bobId, "a contact's own email is its own, whoever listed it first");

        await store.UpsertContactAsync(Contact("ann@example.com", ("other_emails", "ann@home.example")), Ct);

        // bob@example.com is Bob's own email and nobody else's any more: a reply from it is Bob's.
        (await store.FindContactByAddressAsync("bob@example.com", Ct)).ShouldNotBeNull().Id.ShouldBe(bobId);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEnrollmentsForContactAsync_SeveralContacts_ReturnsOnlyThatContactsInEverySequence(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, annId) = await SeedAsync(store);
        var bobId = await store.UpsertContactAsync(Contact("bob@example.com"), Ct);
        var welcome = await store.EnrollAsync(annId, "welcome", mailboxId, T0, Ct);
        await store.EnrollAsync(bobId, "welcome", mailboxId, T0, Ct);
        var renewal = await store.EnrollAsync(annId, "renewal", mailboxId, T0, Ct);
        await store.StopEnrollmentAsync(renewal, EnrollmentStatus.Replied, "replied", T0, Ct);

        var enrollments = await store.ListEnrollmentsForContactAsync(annId, Ct);

        enrollments.Select(e => (e.Id, e.SequenceName, e.Status)).ShouldBe(
            [(welcome, "welcome", EnrollmentStatus.Active), (renewal, "renewal", EnrollmentStatus.Replied)]);
        (await store.ListEnrollmentsForContactAsync(annId + bobId + 1000, Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseEnrollmentsAsync_OneEnrollment_IsNeitherClaimedNorOpenUntilResumed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var paused = await store.EnrollAsync(contactId, "welcome", mailboxId, T0.AddHours(-2), Ct);
        var other = await store.EnrollAsync(contactId, "renewal", mailboxId, T0.AddHours(-1), Ct);

        (await store.PauseEnrollmentsAsync(paused, null, "waiting for the contract", T0, Ct)).ShouldBe(1);

        var enrollment = (await store.GetEnrollmentAsync(paused, Ct)).ShouldNotBeNull();
        (enrollment.Status, enrollment.PausedAt, enrollment.PausedReason, enrollment.IsPaused, enrollment.DueAt, enrollment.NextStep)
            .ShouldBe((EnrollmentStatus.Active, T0, "waiting for the contract", true, T0.AddHours(-2), 1));
        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(1);
        (await store.NextDueAtAsync(Ct)).ShouldBe(T0.AddHours(-1));
        (await store.ClaimDueAsync(T0, 10, Lease, Ct)).Select(e => e.Id).ShouldBe([other]);
        (await store.ClaimDueAsync(T0.AddHours(1), 10, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe([other]);
        (await store.PauseEnrollmentsAsync(paused, null, "again", T0.AddMinutes(1), Ct)).ShouldBe(0, "it is paused already");
        (await store.GetEnrollmentAsync(paused, Ct)).ShouldNotBeNull().PausedReason.ShouldBe("waiting for the contract");

        (await store.ResumeEnrollmentsAsync(paused, null, Ct)).ShouldBe(1);

        var resumed = (await store.GetEnrollmentAsync(paused, Ct)).ShouldNotBeNull();
        (resumed.PausedAt, resumed.PausedReason, resumed.IsPaused, resumed.DueAt).ShouldBe((null, null, false, T0.AddHours(-2)));
        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(2);
        (await store.NextDueAtAsync(Ct)).ShouldBe(T0.AddHours(-2));
        (await store.ClaimDueAsync(T0.AddHours(2), 10, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe([paused, other]);
        (await store.ResumeEnrollmentsAsync(paused, null, Ct)).ShouldBe(0, "it is not paused any more");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseEnrollmentsAsync_Contact_PausesOnlyThatContactsActiveEnrollments(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, annId) = await SeedAsync(store);
        var bobId = await store.UpsertContactAsync(Contact("bob@example.com"), Ct);
        var annWelcome = await store.EnrollAsync(annId, "welcome", mailboxId, T0, Ct);
        var annRenewal = await store.EnrollAsync(annId, "renewal", mailboxId, T0, Ct);
        var annDone = await store.EnrollAsync(annId, "done", mailboxId, T0, Ct);
        await store.StopEnrollmentAsync(annDone, EnrollmentStatus.Replied, "replied", T0, Ct);
        var bobWelcome = await store.EnrollAsync(bobId, "welcome", mailboxId, T0, Ct);

        (await store.PauseEnrollmentsAsync(null, annId, "on holiday", T0, Ct)).ShouldBe(2);

        (await store.ListEnrollmentsForContactAsync(annId, Ct)).Select(e => (e.Id, e.IsPaused)).ShouldBe(
            [(annWelcome, true), (annRenewal, true), (annDone, false)]);
        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(1);
        (await store.ClaimDueAsync(T0, 10, Lease, Ct)).Select(e => e.Id).ShouldBe([bobWelcome]);

        (await store.ResumeEnrollmentsAsync(null, bobId, Ct)).ShouldBe(0);
        (await store.ResumeEnrollmentsAsync(null, annId, Ct)).ShouldBe(2);

        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(3);
        (await store.ClaimDueAsync(T0, 10, Lease, Ct)).Select(e => e.Id).ShouldBe([annWelcome, annRenewal]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseEnrollmentsAsync_EnrollmentAndContactBothGiven_PausesOnlyWhenBothMatch(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, annId) = await SeedAsync(store);
        var bobId = await store.UpsertContactAsync(Contact("bob@example.com"), Ct);
        var annWelcome = await store.EnrollAsync(annId, "welcome", mailboxId, T0, Ct);

        (await store.PauseEnrollmentsAsync(annWelcome, bobId, "wrong contact", T0, Ct)).ShouldBe(0);
        (await store.PauseEnrollmentsAsync(annWelcome, annId, "right contact", T0, Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseEnrollmentsAsync_NoEnrollmentNorContact_Throws(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);

        await Should.ThrowAsync<ArgumentException>(() => store.PauseEnrollmentsAsync(null, null, "everything", T0, Ct));
        await Should.ThrowAsync<ArgumentException>(() => store.ResumeEnrollmentsAsync(null, null, Ct));

        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseSequenceAsync_ThenResume_HoldsEveryEnrollmentOfTheSequenceNewOnesIncluded(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, annId) = await SeedAsync(store);
        var bobId = await store.UpsertContactAsync(Contact("bob@example.com"), Ct);
        var annWelcome = await store.EnrollAsync(annId, "welcome", mailboxId, T0.AddMinutes(-3), Ct);
        var annRenewal = await store.EnrollAsync(annId, "renewal", mailboxId, T0.AddMinutes(-2), Ct);

        await store.PauseSequenceAsync("welcome", "rewriting step 2", T0, Ct);
        var bobWelcome = await store.EnrollAsync(bobId, "welcome", mailboxId, T0.AddMinutes(-1), Ct);

        (await store.ListPausedSequencesAsync(Ct)).ShouldBe([new PausedSequence("welcome", "rewriting step 2", T0)]);
        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(1);
        (await store.NextDueAtAsync(Ct)).ShouldBe(T0.AddMinutes(-2));
        (await store.ClaimDueAsync(T0, 10, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe([annRenewal]);
        (await store.GetEnrollmentAsync(annWelcome, Ct)).ShouldNotBeNull().IsPaused.ShouldBeFalse("the sequence is paused, not the enrollment");

        (await store.ResumeSequenceAsync("welcome", Ct)).ShouldBeTrue();

        (await store.ResumeSequenceAsync("welcome", Ct)).ShouldBeFalse();
        (await store.ResumeSequenceAsync("never-paused", Ct)).ShouldBeFalse();
        (await store.ListPausedSequencesAsync(Ct)).ShouldBeEmpty();
        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(3);
        (await store.ClaimDueAsync(T0, 10, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe([annWelcome, bobWelcome]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListPausedSequencesAsync_SeveralPaused_ListsThemByNameWithReasonAndTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);

        await store.PauseSequenceAsync("welcome", "rewriting", T0.AddHours(1), Ct);
        await store.PauseSequenceAsync("invoices", "holiday", T0, Ct);

        (await store.ListPausedSequencesAsync(Ct)).ShouldBe(
        [
            new PausedSequence("invoices", "holiday", T0),
            new PausedSequence("welcome", "rewriting", T0.AddHours(1)),
        ]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountOpenEnrollmentsAsync_MixedEnrollments_CountsOnlyThoseThatMayStillSend(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var pausedMailboxId = await store.UpsertMailboxAsync(NewMailbox("paused@example.com"), Ct);
        await store.EnrollAsync(contactId, "due", mailboxId, T0, Ct);
        await store.EnrollAsync(contactId, "later", mailboxId, T0.AddDays(30), Ct);
        await store.EnrollAsync(contactId, "leased", mailboxId, T0.AddMinutes(-1), Ct);
        var stopped = await store.EnrollAsync(contactId, "stopped", mailboxId, T0, Ct);
        var paused = await store.EnrollAsync(contactId, "paused", mailboxId, T0, Ct);
        await store.EnrollAsync(contactId, "in-paused-mailbox", pausedMailboxId, T0, Ct);
        await store.EnrollAsync(contactId, "paused-sequence", mailboxId, T0, Ct);
        await store.StopEnrollmentAsync(stopped, EnrollmentStatus.Unsubscribed, "unsubscribed", T0, Ct);
        await store.PauseEnrollmentsAsync(paused, null, "hold", T0, Ct);
        await store.PauseMailboxAsync(pausedMailboxId, "sign in again", T0, Ct);
        await store.PauseSequenceAsync("paused-sequence", "hold", T0, Ct);
        (await store.ClaimDueAsync(T0, 1, Lease, Ct)).Select(e => e.SequenceName).ShouldBe(["leased"]);

        (await store.CountOpenEnrollmentsAsync(Ct)).ShouldBe(3, "due, later and leased");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_InMailboxes_ReturnsOnlyThoseMailboxesOldestFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (m1, contactId) = await SeedAsync(store);
        var m2 = await store.UpsertMailboxAsync(NewMailbox("two@example.com"), Ct);
        var m3 = await store.UpsertMailboxAsync(NewMailbox("three@example.com"), Ct);
        var a = await store.EnrollAsync(contactId, "a", m1, T0.AddMinutes(-1), Ct);
        var b = await store.EnrollAsync(contactId, "b", m2, T0.AddMinutes(-5), Ct);
        var c = await store.EnrollAsync(contactId, "c", m3, T0.AddMinutes(-3), Ct);
        var d = await store.EnrollAsync(contactId, "d", m1, T0.AddMinutes(-4), Ct);
        await store.EnrollAsync(contactId, "future", m1, T0.AddMinutes(1), Ct);

        var claimed = await store.ClaimDueAsync(T0, 10, Lease, [m1, m3], Ct);

        claimed.Select(e => e.Id).ShouldBe([d, c, a]);
        claimed.ShouldAllBe(e => e.MailboxId != m2);
        (await store.ClaimDueAsync(T0, 10, Lease, [m1, m3], Ct)).ShouldBeEmpty("leased until T0 + 5 min");
        (await store.ClaimDueAsync(T0, 10, Lease, [], Ct)).ShouldBeEmpty();
        (await store.ClaimDueAsync(T0, 10, Lease, [m2], Ct)).Select(e => e.Id).ShouldBe([b]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_InMailboxesWithLimit_TakesTheOldestAndLeavesTheRest(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await store.EnrollAsync(contactId, $"s{i}", mailboxId, T0.AddMinutes(-10 + i), Ct));
        }

        (await store.ClaimDueAsync(T0, 2, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe(ids[..2]);
        (await store.ClaimDueAsync(T0, 2, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe(ids[2..4]);

        // After the lease, the first claims come back together with the one never claimed.
        (await store.ClaimDueAsync(T0 + Lease + TimeSpan.FromSeconds(1), 10, Lease, [mailboxId], Ct)).Select(e => e.Id).ShouldBe(ids);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_InMailboxesOneOfThemPaused_SkipsThePausedMailbox(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (m1, contactId) = await SeedAsync(store);
        var m2 = await store.UpsertMailboxAsync(NewMailbox("two@example.com"), Ct);
        var a = await store.EnrollAsync(contactId, "a", m1, T0, Ct);
        await store.EnrollAsync(contactId, "b", m2, T0, Ct);
        await store.PauseMailboxAsync(m2, "sign in again", T0, Ct);

        (await store.ClaimDueAsync(T0, 10, Lease, [m1, m2], Ct)).Select(e => e.Id).ShouldBe([a]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SetMailboxTimeZoneAsync_ZoneThenNull_ReadsBackAndSurvivesReconnection(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(NewMailbox(), Ct);
        var other = await store.UpsertMailboxAsync(NewMailbox("other@example.com"), Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().TimeZoneId.ShouldBeNull();

        await store.SetMailboxTimeZoneAsync(id, "Europe/Paris", Ct);

        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().TimeZoneId.ShouldBe("Europe/Paris");
        (await store.ListMailboxesAsync(Ct)).Select(m => (m.Id, m.TimeZoneId)).ShouldBe([(id, "Europe/Paris"), (other, null)]);
        await store.UpsertMailboxAsync(NewMailbox() with { AccessToken = "token-2" }, Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().TimeZoneId.ShouldBe("Europe/Paris", "reconnecting keeps the user's setting");

        await store.SetMailboxTimeZoneAsync(id, null, Ct);

        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().TimeZoneId.ShouldBeNull();
    }

    private static Mailbox NewMailbox(string email = "sales@example.com") =>
        new(0, email, "Sales", "https://gmail.googleapis.com/", "token-1", null);

    private static Contact Contact(string email, params (string Name, string Value)[] fields) =>
        new(0, email, fields.ToDictionary(f => f.Name, f => f.Value));

    private static async Task<(long MailboxId, long ContactId)> SeedAsync(IEngineStore store)
    {
        var mailboxId = await store.UpsertMailboxAsync(NewMailbox(), Ct);
        var contactId = await store.UpsertContactAsync(Contact("ann@example.com", ("first_name", "Ann")), Ct);
        return (mailboxId, contactId);
    }
}
