using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;

namespace Nudge.IntegrationTests.Storage;

/// <summary>The quota governor's state in the store (migration 003), run against every provider.</summary>
public sealed class QuotaStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly UnitBucket Bucket = UnitBucket.For(GmailQuotaRegime.May2026);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SetMailboxQuotaAsync_ThenReconnect_KeepsRegimeAndDailyLimit(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(Mailbox(), Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().QuotaRegime.ShouldBe(GmailQuotaRegime.May2026);

        await store.SetMailboxQuotaAsync(id, GmailQuotaRegime.Legacy, 40, Ct);
        await store.UpsertMailboxAsync(Mailbox() with { DisplayName = "Sam R." }, Ct);

        var mailbox = (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull();
        (mailbox.QuotaRegime, mailbox.DailyLimitOverride, mailbox.DailySendLimit, mailbox.DisplayName)
            .ShouldBe((GmailQuotaRegime.Legacy, (int?)40, 40, "Sam R."));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TryTakeUnitsAsync_FullBucket_TakesUntilShortThenRefillsAtTheRate(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(Mailbox(), Ct);

        (await store.TryTakeUnitsAsync(id, 1_000, Bucket, T0, Ct)).ShouldBeTrue("a bucket never charged is full (1,200)");
        (await store.TryTakeUnitsAsync(id, 300, Bucket, T0, Ct)).ShouldBeFalse();
        var state = await store.GetQuotaStateAsync(id, T0.AddDays(-1), Ct);
        (state.Tokens, state.TokensCountedAt).ShouldBe(((double?)200, (DateTimeOffset?)T0), "a refusal changes nothing");

        // 80 units a second: 200 + 3 s × 80 = 440.
        (await store.TryTakeUnitsAsync(id, 300, Bucket, T0.AddSeconds(3), Ct)).ShouldBeTrue();
        state = await store.GetQuotaStateAsync(id, T0.AddDays(-1), Ct);
        state.Tokens.ShouldNotBeNull().ShouldBe(140, 1e-6);
        Bucket.Available(state.Tokens, state.TokensCountedAt, T0.AddMinutes(10)).ShouldBe(Bucket.Capacity, "capped at the capacity");

        // A worker whose clock is behind refills nothing and does not move the bucket's time back.
        (await store.TryTakeUnitsAsync(id, 100, Bucket, T0, Ct)).ShouldBeTrue();
        state = await store.GetQuotaStateAsync(id, T0.AddDays(-1), Ct);
        (state.Tokens!.Value, state.TokensCountedAt).ShouldBe((40, (DateTimeOffset?)T0.AddSeconds(3)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task GetQuotaStateAsync_ReservedAndManualSends_CountsThoseInTheWindowOldestFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(Mailbox(), Ct);
        await ReserveAsync(store, id, 1, T0.AddHours(-30), OutboxState.Sent);   // out of the window
        await ReserveAsync(store, id, 2, T0.AddHours(-2), OutboxState.Sent);
        await ReserveAsync(store, id, 3, T0.AddHours(-1), OutboxState.Sending);
        await ReserveAsync(store, id, 4, T0.AddMinutes(-30), OutboxState.Ambiguous);
        await ReserveAsync(store, id, 5, T0.AddMinutes(-20), OutboxState.Failed); // did not go out
        (await store.RecordManualSendAsync(id, "manual-1", T0.AddHours(-3), Ct)).ShouldBeTrue();
        (await store.RecordManualSendAsync(id, "manual-1", T0, Ct)).ShouldBeFalse("recorded once");
        // Seen in the history before its worker recorded it: the outbox owns it, so it is not counted twice.
        (await store.RecordManualSendAsync(id, "gm-2", T0.AddHours(-2), Ct)).ShouldBeTrue();

        var state = await store.GetQuotaStateAsync(id, T0.AddHours(-24), Ct);

        state.SendTimes.ShouldBe([T0.AddHours(-3), T0.AddHours(-2), T0.AddHours(-1), T0.AddMinutes(-30)]);
        (state.Tokens, state.NextSendAt).ShouldBe((null, null));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TryTakeSendSlotAsync_GapOrFullWindow_RefusesUntilBothAllow(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(Mailbox(), Ct);
        var windowStart = T0.AddHours(-24);

        (await store.TryTakeSendSlotAsync(id, T0, T0.AddSeconds(20), windowStart, 2, Ct)).ShouldBeTrue();
        (await store.TryTakeSendSlotAsync(id, T0.AddSeconds(19), T0.AddSeconds(39), windowStart, 2, Ct)).ShouldBeFalse("inside the gap");
        (await store.GetQuotaStateAsync(id, windowStart, Ct)).NextSendAt.ShouldBe(T0.AddSeconds(20));

        await ReserveAsync(store, id, 1, T0, OutboxState.Sent);
        await store.RecordManualSendAsync(id, "manual-1", T0.AddSeconds(5), Ct);
        (await store.TryTakeSendSlotAsync(id, T0.AddSeconds(20), T0.AddSeconds(40), windowStart.AddSeconds(20), 2, Ct))
            .ShouldBeFalse("the window holds one send of Nudge and one of the user: the share of 2 is used");
        (await store.TryTakeSendSlotAsync(id, T0.AddSeconds(20), T0.AddSeconds(40), windowStart.AddSeconds(20), 3, Ct)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TryTakeSendSlotAsync_ConcurrentWorkers_OnlyOneGetsASlotPerGap(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var first = await db.OpenMigratedStoreAsync(Ct);
        IEngineStore[] stores = [first, db.OpenStore(), db.OpenStore()];
        var id = await first.UpsertMailboxAsync(Mailbox(), Ct);

        for (var round = 0; round < 5; round++)
        {
            var now = T0.AddSeconds(20 * round);
            var attempts = Enumerable.Range(0, 12).Select(i =>
                Task.Run(() => stores[i % stores.Length].TryTakeSendSlotAsync(id, now, now.AddSeconds(20), now.AddHours(-24), 450, Ct), Ct));

            (await Task.WhenAll(attempts)).Count(taken => taken).ShouldBe(1, $"round {round}");
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TryTakeUnitsAsync_ConcurrentWorkers_NeverSpendMoreThanTheBucket(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var first = await db.OpenMigratedStoreAsync(Ct);
        IEngineStore[] stores = [first, db.OpenStore(), db.OpenStore()];
        var id = await first.UpsertMailboxAsync(Mailbox(), Ct);

        var attempts = Enumerable.Range(0, 30).Select(i =>
            Task.Run(() => stores[i % stores.Length].TryTakeUnitsAsync(id, 100, Bucket, T0, Ct), Ct));

        (await Task.WhenAll(attempts)).Count(taken => taken).ShouldBe(12, "1,200 units hold twelve sends");
        (await first.GetQuotaStateAsync(id, T0, Ct)).Tokens.ShouldNotBeNull().ShouldBe(0, 1e-6);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task DeferEnrollmentAsync_ClaimedEnrollment_MovesDueReleasesLeaseAndLeavesEndedAlone(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(Mailbox(), Ct);
        var contactId = await store.UpsertContactAsync(new Contact(0, "ann@example.com", new Dictionary<string, string>()), Ct);
        var enrollmentId = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);
        (await store.ClaimDueAsync(T0, 10, TimeSpan.FromHours(1), Ct)).Count.ShouldBe(1);

        (await store.DeferEnrollmentAsync(enrollmentId, T0.AddMinutes(5), Ct)).ShouldBeTrue();

        (await store.GetEnrollmentAsync(enrollmentId, Ct)).ShouldNotBeNull().DueAt.ShouldBe(T0.AddMinutes(5));
        (await store.ClaimDueAsync(T0.AddMinutes(4), 10, TimeSpan.FromHours(1), Ct)).ShouldBeEmpty();
        (await store.ClaimDueAsync(T0.AddMinutes(5), 10, TimeSpan.FromHours(1), Ct)).Count.ShouldBe(1, "the lease was released");

        await store.StopEnrollmentAsync(enrollmentId, EnrollmentStatus.Replied, "reply", T0.AddMinutes(6), Ct);
        (await store.DeferEnrollmentAsync(enrollmentId, T0.AddMinutes(10), Ct)).ShouldBeFalse();
        (await store.GetEnrollmentAsync(enrollmentId, Ct)).ShouldNotBeNull().DueAt.ShouldBeNull();
    }

    private static Mailbox Mailbox() => new(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null);

    private static async Task ReserveAsync(IEngineStore store, long mailboxId, int n, DateTimeOffset at, OutboxState state)
    {
        var contactId = await store.UpsertContactAsync(new Contact(0, $"c{n}@example.com", new Dictionary<string, string>()), Ct);
        var enrollmentId = await store.EnrollAsync(contactId, "welcome", mailboxId, at, Ct);
        (await store.TryReserveSendAsync(new OutboxEntry(enrollmentId, 1, mailboxId, OutboxState.Sending, $"<m{n}@acme>", "Hi", at), Ct)).ShouldBeTrue();
        switch (state)
        {
            case OutboxState.Sent:
                await store.RecordSentAsync(new SentMessage(enrollmentId, 1, $"gm-{n}", $"th-{n}", $"<m{n}@acme>", at), null, Ct);
                break;
            case OutboxState.Failed or OutboxState.Ambiguous:
                await store.RecordSendFailedAsync(enrollmentId, 1, state, EnrollmentStatus.Failed, "test", at, Ct);
                break;
            case OutboxState.Sending:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
    }
}
