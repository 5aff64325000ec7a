using System.Collections.Concurrent;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>The storage port's contract, run against every provider: each theory row gets its own empty database.</summary>
public sealed class EngineStoreTests
{
    // Whole milliseconds: the stores keep instants as Unix milliseconds.
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MigrateAsync_CalledTwice_IsNoOpAndKeepsData(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(NewMailbox(), Ct);

        await store.MigrateAsync(Ct);
        await db.OpenStore().MigrateAsync(Ct);

        (await store.ListMailboxesAsync(Ct)).Select(m => m.Id).ShouldBe([mailboxId]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MigrateAsync_SeveralWorkersStartingTogether_AllSucceed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var stores = Enumerable.Range(0, 4).Select(_ => db.OpenStore()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(Ct), Ct)));

        var mailboxId = await stores[0].UpsertMailboxAsync(NewMailbox(), Ct);
        (await stores[3].GetMailboxAsync(mailboxId, Ct)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertMailboxAsync_SameEmail_UpdatesConnectionAndKeepsIdAndCheckpoint(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(NewMailbox() with { HistoryCheckpoint = 42 }, Ct);

        var again = await store.UpsertMailboxAsync(
            new Mailbox(0, "sales@example.com", "Sales Team", "http://sandbox.local/", "token-2", null), Ct);

        again.ShouldBe(id);
        var mailbox = (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull();
        mailbox.ShouldBe(new Mailbox(id, "sales@example.com", "Sales Team", "http://sandbox.local/", "token-2", 42));
        (await store.GetMailboxAsync(id + 1000, Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SetHistoryCheckpointAsync_AnyHistoryId_RoundTrips(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(NewMailbox(), Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().HistoryCheckpoint.ShouldBeNull();

        await store.SetHistoryCheckpointAsync(id, 123_456, DateTimeOffset.UnixEpoch, Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().HistoryCheckpoint.ShouldBe(123_456UL);

        // Gmail history ids are unsigned 64-bit: the top bit must survive the signed column.
        await store.SetHistoryCheckpointAsync(id, ulong.MaxValue - 1, DateTimeOffset.UnixEpoch, Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().HistoryCheckpoint.ShouldBe(ulong.MaxValue - 1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertContactAsync_SameEmailOtherCase_ReplacesFieldsInOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertContactAsync(
            new Contact(0, "Ann@Example.com", new Dictionary<string, string> { ["first_name"] = "Ann", ["company"] = "Acme" }), Ct);

        var again = await store.UpsertContactAsync(
            new Contact(0, "ann@EXAMPLE.COM", new Dictionary<string, string>
            {
                ["zeta"] = "last letter first",
                ["first_name"] = "Annie",
                ["blank"] = "  ",
                ["city"] = "Zürich",
            }),
            Ct);

        again.ShouldBe(id);
        var contacts = await store.ListContactsAsync(Ct);
        contacts.Count.ShouldBe(1);
        var contact = (await store.GetContactAsync(id, Ct)).ShouldNotBeNull();
        contact.Id.ShouldBe(id);
        contact.Email.ShouldBe("Ann@Example.com");
        contact.Fields.ToList().ShouldBe(
        [
            new("zeta", "last letter first"),
            new("first_name", "Annie"),
            new("city", "Zürich"),
        ]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnrollAsync_Twice_ReturnsSameIdAndChangesNothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);

        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        var again = await store.EnrollAsync(contactId, "welcome", mailboxId, T0.AddDays(3), Ct);
        var other = await store.EnrollAsync(contactId, "renewal", mailboxId, T0, Ct);

        again.ShouldBe(id);
        other.ShouldNotBe(id);
        (await store.GetEnrollmentAsync(id, Ct)).ShouldBe(
            new Enrollment(id, contactId, "welcome", mailboxId, 1, T0, EnrollmentStatus.Active, null, null, null, EnrolledAt: T0));
        (await store.ListEnrollmentsAsync(Ct)).Select(e => e.Id).ShouldBe([id, other]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_MixedEnrollments_ReturnsOnlyDueActiveOldestFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var late = await store.EnrollAsync(contactId, "a", mailboxId, T0.AddMinutes(-1), Ct);
        var future = await store.EnrollAsync(contactId, "b", mailboxId, T0.AddMinutes(1), Ct);
        var early = await store.EnrollAsync(contactId, "c", mailboxId, T0.AddHours(-2), Ct);
        var stopped = await store.EnrollAsync(contactId, "d", mailboxId, T0.AddHours(-3), Ct);
        var exactlyNow = await store.EnrollAsync(contactId, "e", mailboxId, T0, Ct);
        await store.StopEnrollmentAsync(stopped, EnrollmentStatus.StoppedByTeammate, "answered by hand", T0, Ct);

        var claimed = await store.ClaimDueAsync(T0, 10, Lease, Ct);

        claimed.Select(e => e.Id).ShouldBe([early, late, exactlyNow]);
        claimed.ShouldAllBe(e => e.Status == EnrollmentStatus.Active);
        claimed.Select(e => e.Id).ShouldNotContain(future);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_MoreDueThanLimit_ReturnsOldestUpToLimit(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await store.EnrollAsync(contactId, $"s{i}", mailboxId, T0.AddMinutes(-10 + i), Ct));
        }

        var first = await store.ClaimDueAsync(T0, 2, Lease, Ct);
        var second = await store.ClaimDueAsync(T0, 2, Lease, Ct);
        var third = await store.ClaimDueAsync(T0, 2, Lease, Ct);

        first.Select(e => e.Id).ShouldBe(ids[..2]);
        second.Select(e => e.Id).ShouldBe(ids[2..4]);
        third.Select(e => e.Id).ShouldBe(ids[4..]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_LeasedEnrollment_ReturnedAgainOnlyAfterLeaseExpires(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);

        (await store.ClaimDueAsync(T0, 10, Lease, Ct)).Select(e => e.Id).ShouldBe([id]);

        (await store.ClaimDueAsync(T0.AddMinutes(1), 10, Lease, Ct)).ShouldBeEmpty();
        (await store.ClaimDueAsync(T0 + Lease, 10, Lease, Ct)).ShouldBeEmpty();
        (await store.ClaimDueAsync(T0 + Lease + TimeSpan.FromMilliseconds(1), 10, Lease, Ct)).Select(e => e.Id).ShouldBe([id]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TryReserveSendAsync_SameStepTwice_ReturnsFalseSecondTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);

        (await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct)).ShouldBeTrue();
        (await store.TryReserveSendAsync(Reservation(id, 1, mailboxId) with { Subject = "other" }, Ct)).ShouldBeFalse();
        (await store.TryReserveSendAsync(Reservation(id, 2, mailboxId), Ct)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecordSentAsync_WithNextDue_AdvancesStepKeepsFirstThreadAndReleasesLease(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        await store.ClaimDueAsync(T0, 10, TimeSpan.FromDays(1), Ct);
        await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct);

        var sentAt = T0.AddSeconds(2);
        await store.RecordSentAsync(new SentMessage(id, 1, "m1", "thread-1", "<m1@mail.gmail.com>", sentAt), T0.AddDays(3), Ct);

        (await store.GetEnrollmentAsync(id, Ct)).ShouldBe(
            new Enrollment(id, contactId, "welcome", mailboxId, 2, T0.AddDays(3), EnrollmentStatus.Active, "thread-1", null, null, EnrolledAt: T0));
        (await store.ListOutboxAsync(id, Ct)).ShouldBe(
            [Reservation(id, 1, mailboxId) with
            {
                State = OutboxState.Sent,
                GmailMessageId = "m1",
                GmailThreadId = "thread-1",
                RfcMessageId = "<m1@mail.gmail.com>",
                SentAt = sentAt,
            }]);

        // The lease was released: the next step is claimable as soon as it is due, not a day later.
        (await store.ClaimDueAsync(T0.AddDays(3), 10, Lease, Ct)).Select(e => e.Id).ShouldBe([id]);
        await store.TryReserveSendAsync(Reservation(id, 2, mailboxId), Ct);
        await store.RecordSentAsync(new SentMessage(id, 2, "m2", "thread-2", "<m2@x>", T0.AddDays(3)), T0.AddDays(6), Ct);
        var enrollment = (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.ThreadId.ShouldBe("thread-1");
        enrollment.NextStep.ShouldBe(3);
        (await store.ListOutboxAsync(id, Ct)).Select(o => o.Step).ShouldBe([1, 2]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecordSentAsync_NullNextDue_CompletesEnrollment(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "one-shot", mailboxId, T0, Ct);
        await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct);

        await store.RecordSentAsync(new SentMessage(id, 1, "m1", "thread-1", "<m1@x>", T0.AddSeconds(1)), null, Ct);

        (await store.GetEnrollmentAsync(id, Ct)).ShouldBe(
            new Enrollment(id, contactId, "one-shot", mailboxId, 2, null, EnrollmentStatus.Completed, "thread-1", null, T0.AddSeconds(1), EnrolledAt: T0));
        (await store.NextDueAtAsync(Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecordSentAsync_WithoutReservation_Throws(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);

        await Should.ThrowAsync<InvalidOperationException>(() =>
            store.RecordSentAsync(new SentMessage(id, 1, "m1", "t1", "<m1@x>", T0), T0.AddDays(1), Ct));

        (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull().NextStep.ShouldBe(1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecordSendFailedAsync_ReservedStep_EndsEnrollmentAndKeepsReservation(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        await store.ClaimDueAsync(T0, 10, Lease, Ct);
        await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct);

        await store.RecordSendFailedAsync(id, 1, OutboxState.Ambiguous, EnrollmentStatus.Failed, "timeout", T0.AddMinutes(1), Ct);

        (await store.GetEnrollmentAsync(id, Ct)).ShouldBe(
            new Enrollment(id, contactId, "welcome", mailboxId, 1, null, EnrollmentStatus.Failed, null, "timeout", T0.AddMinutes(1), EnrolledAt: T0));
        (await store.ListOutboxAsync(id, Ct)).ShouldBeEmpty();
        (await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct)).ShouldBeFalse();
        (await store.ClaimDueAsync(T0.AddDays(1), 10, Lease, Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task StopEnrollmentAsync_ActiveEnrollment_EndsItAndReturnsTrue(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);

        (await store.StopEnrollmentAsync(id, EnrollmentStatus.Replied, "they answered", T0.AddHours(1), Ct)).ShouldBeTrue();

        (await store.GetEnrollmentAsync(id, Ct)).ShouldBe(
            new Enrollment(id, contactId, "welcome", mailboxId, 1, null, EnrollmentStatus.Replied, null, "they answered", T0.AddHours(1), EnrolledAt: T0));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task StopEnrollmentAsync_EndedEnrollment_ReturnsFalseAndKeepsFirstOutcome(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        await store.StopEnrollmentAsync(id, EnrollmentStatus.Replied, "they answered", T0.AddHours(1), Ct);

        (await store.StopEnrollmentAsync(id, EnrollmentStatus.Failed, "too late", T0.AddHours(2), Ct)).ShouldBeFalse();
        (await store.StopEnrollmentAsync(id + 1000, EnrollmentStatus.Failed, "no such", T0, Ct)).ShouldBeFalse();

        var enrollment = (await store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.Status.ShouldBe(EnrollmentStatus.Replied);
        enrollment.StatusReason.ShouldBe("they answered");
        enrollment.EndedAt.ShouldBe(T0.AddHours(1));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindEnrollmentByThreadAsync_SentThread_FindsItInItsMailboxOnly(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var otherMailbox = await store.UpsertMailboxAsync(NewMailbox() with { Email = "other@example.com" }, Ct);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        await store.EnrollAsync(contactId, "unsent", mailboxId, T0, Ct);
        await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct);
        await store.RecordSentAsync(new SentMessage(id, 1, "m1", "thread-1", "<m1@x>", T0), null, Ct);

        (await store.FindEnrollmentByThreadAsync(mailboxId, "thread-1", Ct)).ShouldNotBeNull().Id.ShouldBe(id);
        (await store.FindEnrollmentByThreadAsync(otherMailbox, "thread-1", Ct)).ShouldBeNull();
        (await store.FindEnrollmentByThreadAsync(mailboxId, "thread-2", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task IsOwnMessageAsync_SentMessage_TrueOnlyForItsMailboxAndId(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var otherMailbox = await store.UpsertMailboxAsync(NewMailbox() with { Email = "other@example.com" }, Ct);
        var id = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        await store.TryReserveSendAsync(Reservation(id, 1, mailboxId), Ct);
        await store.RecordSentAsync(new SentMessage(id, 1, "m1", "thread-1", "<m1@x>", T0), T0.AddDays(1), Ct);

        (await store.IsOwnMessageAsync(mailboxId, "m1", Ct)).ShouldBeTrue();
        (await store.IsOwnMessageAsync(mailboxId, "reply-1", Ct)).ShouldBeFalse();
        (await store.IsOwnMessageAsync(otherMailbox, "m1", Ct)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task NextDueAtAsync_SomeActive_ReturnsEarliestActiveDue(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        (await store.NextDueAtAsync(Ct)).ShouldBeNull();

        var stopped = await store.EnrollAsync(contactId, "a", mailboxId, T0.AddHours(-1), Ct);
        await store.EnrollAsync(contactId, "b", mailboxId, T0.AddHours(2), Ct);
        await store.EnrollAsync(contactId, "c", mailboxId, T0.AddHours(1), Ct);
        await store.StopEnrollmentAsync(stopped, EnrollmentStatus.Replied, "replied", T0, Ct);

        (await store.NextDueAtAsync(Ct)).ShouldBe(T0.AddHours(1));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ListEventsAsync_AfterAdds_ReturnsTheEnrollmentsEventsInOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var id = await store.EnrollAsync(contactId, "a", mailboxId, T0, Ct);
        var other = await store.EnrollAsync(contactId, "b", mailboxId, T0, Ct);
        EnrollmentEvent[] events =
        [
            new(id, T0, "enrolled", "into a"),
            new(id, T0.AddMinutes(1), "sent", "step 1"),
            new(id, T0.AddMinutes(1), "replied", "« merci »"),
        ];

        await store.AddEventAsync(events[0], Ct);
        await store.AddEventAsync(new EnrollmentEvent(other, T0, "enrolled", "into b"), Ct);
        await store.AddEventAsync(events[1], Ct);
        await store.AddEventAsync(events[2], Ct);

        (await store.ListEventsAsync(id, Ct)).ShouldBe(events);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueAsync_ConcurrentClaimers_ClaimEachEnrollmentExactlyOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (mailboxId, contactId) = await SeedAsync(store);
        var enrolled = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            enrolled.Add(await store.EnrollAsync(contactId, $"seq-{i}", mailboxId, T0.AddSeconds(-i % 7), Ct));
        }

        // PostgreSQL: two store instances are two workers, each with its own connection pool. SQLite: one worker
        // process, so one instance whose claimers share its write semaphore.
        IEngineStore[] stores = provider == "postgres" ? [store, db.OpenStore()] : [store];
        var claimed = new ConcurrentBag<long>();

        // A long lease at a fixed instant: nothing claimed may ever come back during the test.
        var claimers = Enumerable.Range(0, 4).Select(i => Task.Run(
            async () =>
            {
                while (true)
                {
                    var batch = await stores[i % stores.Length].ClaimDueAsync(T0, 10, TimeSpan.FromHours(1), Ct);
                    if (batch.Count == 0)
                    {
                        return;
                    }

                    foreach (var enrollment in batch)
                    {
                        claimed.Add(enrollment.Id);
                    }
                }
            },
            Ct));
        await Task.WhenAll(claimers);

        claimed.Count.ShouldBe(200);
        claimed.Order().ShouldBe(enrolled.Order());
    }

    private static Mailbox NewMailbox() =>
        new(0, "sales@example.com", "Sales", "https://gmail.googleapis.com/", "token-1", null);

    private static async Task<(long MailboxId, long ContactId)> SeedAsync(IEngineStore store)
    {
        var mailboxId = await store.UpsertMailboxAsync(NewMailbox(), Ct);
        var contactId = await store.UpsertContactAsync(
            new Contact(0, "ann@example.com", new Dictionary<string, string> { ["first_name"] = "Ann" }), Ct);
        return (mailboxId, contactId);
    }

    private static OutboxEntry Reservation(long enrollmentId, int step, long mailboxId) =>
        new(enrollmentId, step, mailboxId, OutboxState.Sending, $"<{enrollmentId}.{step}@nudge.local>", $"Step {step}", T0);
}
