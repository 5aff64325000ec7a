using System.Collections.Concurrent;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>
/// Several workers on one database (migration 005): heartbeats, mailbox leases, and which worker reserved each send.
/// Run against every provider.
/// </summary>
public sealed class WorkerLeaseStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MailboxLease = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountLiveWorkersAsync_Heartbeats_CountsOnlyWorkersSeenSinceTheInstant(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        (await store.CountLiveWorkersAsync(T0.AddDays(-1), Ct)).ShouldBe(0);

        await store.HeartbeatAsync("w1", "host-a", 101, T0, T0, Ct);
        await store.HeartbeatAsync("w2", "host-b", 202, T0, T0.AddMinutes(1), Ct);

        (await store.CountLiveWorkersAsync(T0, Ct)).ShouldBe(2, "at or after the instant");
        (await store.CountLiveWorkersAsync(T0.AddSeconds(30), Ct)).ShouldBe(1);
        (await store.CountLiveWorkersAsync(T0.AddMinutes(1), Ct)).ShouldBe(1);
        (await store.CountLiveWorkersAsync(T0.AddMinutes(2), Ct)).ShouldBe(0);

        // A later heartbeat moves the worker's time on; it is still one worker.
        await store.HeartbeatAsync("w1", "host-a", 101, T0, T0.AddMinutes(3), Ct);

        (await store.CountLiveWorkersAsync(T0.AddMinutes(2), Ct)).ShouldBe(1);
        (await store.CountLiveWorkersAsync(T0, Ct)).ShouldBe(2);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcquireMailboxesAsync_TwoWorkersInTurn_NeverHoldTheSameMailbox(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxes = await AddMailboxesAsync(store, 5);

        var first = await store.AcquireMailboxesAsync("w1", T0, T0 + MailboxLease, 3, Ct);
        var second = await store.AcquireMailboxesAsync("w2", T0, T0 + MailboxLease, 3, Ct);

        first.ShouldBe(mailboxes[..3]);
        second.ShouldBe(mailboxes[3..]);
        (await store.AcquireMailboxesAsync("w3", T0.AddSeconds(10), T0.AddSeconds(10) + MailboxLease, 3, Ct)).ShouldBeEmpty();

        // Renewing keeps each worker's own.
        (await store.AcquireMailboxesAsync("w1", T0.AddSeconds(20), T0.AddSeconds(20) + MailboxLease, 3, Ct)).ShouldBe(first);
        (await store.AcquireMailboxesAsync("w2", T0.AddSeconds(20), T0.AddSeconds(20) + MailboxLease, 3, Ct)).ShouldBe(second);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcquireMailboxesAsync_ConcurrentWorkers_NeverHoldTheSameMailbox(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var first = await db.OpenMigratedStoreAsync(Ct);
        var mailboxes = await AddMailboxesAsync(first, 10);

        // Each store instance is a worker with its own connections (and, on SQLite, its own write semaphore).
        IEngineStore[] stores = [first, db.OpenStore(), db.OpenStore(), db.OpenStore(), db.OpenStore()];

        for (var round = 0; round < 10; round++)
        {
            var now = T0.AddMinutes(10 * round);
            var held = new ConcurrentDictionary<string, IReadOnlyList<long>>();
            var workers = Enumerable.Range(0, stores.Length).Select(i => Task.Run(
                async () => held[$"w{i}"] = await stores[i].AcquireMailboxesAsync($"w{i}", now, now + MailboxLease, 3, Ct),
                Ct));
            await Task.WhenAll(workers);

            var all = held.Values.SelectMany(ids => ids).ToList();
            all.ShouldBeUnique($"round {round}: {string.Join("; ", held.Select(h => $"{h.Key}=[{string.Join(",", h.Value)}]"))}");
            all.ShouldAllBe(id => mailboxes.Contains(id));
            held.Values.ShouldAllBe(ids => ids.Count <= 3);

            // What each worker was told it holds is what it holds: renewing with room for exactly that many, its own
            // come first, so it gets exactly those back.
            foreach (var (worker, ids) in held.Where(h => h.Value.Count > 0))
            {
                (await first.AcquireMailboxesAsync(worker, now.AddSeconds(1), now + MailboxLease, ids.Count, Ct)).ShouldBe(ids, $"round {round}: {worker}");
            }

            foreach (var worker in held.Keys)
            {
                await first.ReleaseMailboxesAsync(worker, null, Ct);
            }
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcquireMailboxesAsync_WorkerAlreadyHoldsSome_ItsOwnComeFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var m = await AddMailboxesAsync(store, 4);
        (await store.AcquireMailboxesAsync("w2", T0, T0 + MailboxLease, 2, Ct)).ShouldBe([m[0], m[1]]);
        (await store.AcquireMailboxesAsync("w1", T0, T0 + MailboxLease, 1, Ct)).ShouldBe([m[2]]);
        await store.ReleaseMailboxesAsync("w2", null, Ct);

        // m[0] and m[1] are free now and have lower ids, but w1 keeps m[2] before taking anything new.
        (await store.AcquireMailboxesAsync("w1", T0.AddSeconds(10), T0.AddSeconds(10) + MailboxLease, 1, Ct)).ShouldBe([m[2]]);
        (await store.AcquireMailboxesAsync("w1", T0.AddSeconds(20), T0.AddSeconds(20) + MailboxLease, 2, Ct)).ShouldBe([m[0], m[2]]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcquireMailboxesAsync_LeaseRanOut_AnotherWorkerTakesTheMailboxOver(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var m = await AddMailboxesAsync(store, 2);
        (await store.AcquireMailboxesAsync("w1", T0, T0 + MailboxLease, 5, Ct)).ShouldBe(m);

        (await store.AcquireMailboxesAsync("w2", T0.AddSeconds(30), T0.AddSeconds(30) + MailboxLease, 5, Ct)).ShouldBeEmpty("w1's lease runs");
        (await store.AcquireMailboxesAsync("w2", T0.AddMinutes(2), T0.AddMinutes(2) + MailboxLease, 5, Ct)).ShouldBe(m, "w1 died");

        // w1 comes back: the mailboxes are w2's now.
        (await store.AcquireMailboxesAsync("w1", T0.AddMinutes(2).AddSeconds(1), T0.AddMinutes(4), 5, Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcquireMailboxesAsync_PausedMailbox_IsNotLeased(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var m = await AddMailboxesAsync(store, 3);
        await store.PauseMailboxAsync(m[1], "sign in again", T0, Ct);

        (await store.AcquireMailboxesAsync("w1", T0, T0 + MailboxLease, 5, Ct)).ShouldBe([m[0], m[2]]);

        await store.ResumeMailboxAsync(m[1], Ct);
        (await store.AcquireMailboxesAsync("w2", T0, T0 + MailboxLease, 5, Ct)).ShouldBe([m[1]]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ReleaseMailboxesAsync_SomeThenAll_GivesThemBackToOtherWorkers(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var m = await AddMailboxesAsync(store, 3);
        (await store.AcquireMailboxesAsync("w1", T0, T0 + MailboxLease, 5, Ct)).ShouldBe(m);

        await store.ReleaseMailboxesAsync("w1", [m[1]], Ct);
        (await store.AcquireMailboxesAsync("w2", T0.AddSeconds(1), T0.AddSeconds(1) + MailboxLease, 5, Ct)).ShouldBe([m[1]]);

        await store.ReleaseMailboxesAsync("w1", [], Ct);
        await store.ReleaseMailboxesAsync("w3", null, Ct);
        (await store.AcquireMailboxesAsync("w3", T0.AddSeconds(2), T0.AddSeconds(2) + MailboxLease, 5, Ct))
            .ShouldBeEmpty("releasing nothing, or another worker's, frees nothing");

        await store.ReleaseMailboxesAsync("w1", null, Ct);
        (await store.AcquireMailboxesAsync("w3", T0.AddSeconds(3), T0.AddSeconds(3) + MailboxLease, 5, Ct)).ShouldBe([m[0], m[2]]);

        // w1 releasing again does not free w2's mailbox, which w1 never held.
        await store.ReleaseMailboxesAsync("w1", [m[1]], Ct);
        (await store.AcquireMailboxesAsync("w4", T0.AddSeconds(4), T0.AddSeconds(4) + MailboxLease, 5, Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountSendsByWorkerAsync_Reservations_CountsEachWorkersSendsButNotFailedOnes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = (await AddMailboxesAsync(store, 1))[0];
        (await store.CountSendsByWorkerAsync(Ct)).ShouldBeEmpty();
        var e1 = await EnrollAsync(store, mailboxId, "a@example.com");
        var e2 = await EnrollAsync(store, mailboxId, "b@example.com");
        var e3 = await EnrollAsync(store, mailboxId, "c@example.com");
        var e4 = await EnrollAsync(store, mailboxId, "d@example.com");

        await store.TryReserveSendAsync(Reservation(e1, 1, mailboxId, "w1"), Ct);
        await store.RecordSentAsync(new SentMessage(e1, 1, "m1", "t1", "<m1@mail.gmail.com>", T0), T0.AddDays(3), Ct);
        await store.TryReserveSendAsync(Reservation(e1, 2, mailboxId, "w2"), Ct);
        await store.TryReserveSendAsync(Reservation(e2, 1, mailboxId, "w1"), Ct);
        await store.TryReserveSendAsync(Reservation(e3, 1, mailboxId, "w2"), Ct);
        await store.MarkSendAmbiguousAsync(e3, 1, T0.AddMinutes(10), Ct);
        await store.TryReserveSendAsync(Reservation(e4, 1, mailboxId, "w3"), Ct);
        await store.RecordSendFailedAsync(e4, 1, OutboxState.Failed, EnrollmentStatus.Failed, "template error", T0, Ct);

        var counts = await store.CountSendsByWorkerAsync(Ct);

        counts.ShouldBe(new Dictionary<string, int> { ["w1"] = 2, ["w2"] = 2 }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TryReserveSendAsync_WorkerIdAndHistoryCheckpoint_RoundTrip(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = (await AddMailboxesAsync(store, 1))[0];
        var e1 = await EnrollAsync(store, mailboxId, "a@example.com");
        var e2 = await EnrollAsync(store, mailboxId, "b@example.com");

        // Gmail history ids are unsigned 64-bit: the top bit must survive the signed column.
        var entry = Reservation(e1, 1, mailboxId, "worker-7f3a") with { HistoryCheckpoint = ulong.MaxValue - 1 };
        var bare = Reservation(e2, 1, mailboxId, null);
        await store.TryReserveSendAsync(entry, Ct);
        await store.TryReserveSendAsync(bare, Ct);

        (await store.GetOutboxEntryAsync(e1, 1, Ct)).ShouldBe(entry);
        (await store.GetOutboxEntryAsync(e2, 1, Ct)).ShouldBe(bare);
        await store.RecordSentAsync(new SentMessage(e1, 1, "m1", "t1", "<m1@mail.gmail.com>", T0), null, Ct);
        var sent = (await store.ListOutboxAsync(e1, Ct)).ShouldHaveSingleItem();
        (sent.WorkerId, sent.HistoryCheckpoint).ShouldBe(("worker-7f3a", ulong.MaxValue - 1));
    }

    private static async Task<List<long>> AddMailboxesAsync(IEngineStore store, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await store.UpsertMailboxAsync(new Mailbox(0, $"box{i}@example.com", $"Box {i}", "https://gmail.googleapis.com/", "token", null), Ct));
        }

        return ids;
    }

    private static async Task<long> EnrollAsync(IEngineStore store, long mailboxId, string email)
    {
        var contactId = await store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), Ct);
        return await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
    }

    private static OutboxEntry Reservation(long enrollmentId, int step, long mailboxId, string? workerId) =>
        new(enrollmentId, step, mailboxId, OutboxState.Sending, $"<{enrollmentId}.{step}@nudge.local>", $"Step {step}", T0, WorkerId: workerId);
}
