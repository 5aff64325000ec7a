using Nudge.Core.Abstractions;
using Nudge.Core.Replies;

namespace Nudge.IntegrationTests.Storage;

/// <summary>Migration 006 in the store: secrets, the sync bookkeeping and the templated replies of inbound rules, on every provider.</summary>
public sealed class InboxStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task GetOrCreateSecretAsync_AskedTwiceAndByTwoStores_SameRandomKeyEveryTime(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var other = await db.OpenMigratedStoreAsync(Ct);

        var key = await store.GetOrCreateSecretAsync("unsubscribe-hmac", 32, Ct);

        key.Length.ShouldBe(32);
        key.ShouldNotBe(new byte[32]);
        (await store.GetOrCreateSecretAsync("unsubscribe-hmac", 32, Ct)).ShouldBe(key);
        (await other.GetOrCreateSecretAsync("unsubscribe-hmac", 32, Ct)).ShouldBe(key);
        (await store.GetOrCreateSecretAsync("another", 32, Ct)).ShouldNotBe(key);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SetHistoryCheckpointAndWatchExpiry_ReadBackOnTheMailbox(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://sandbox.local/", "token", null), Ct);

        await store.SetHistoryCheckpointAsync(id, 77, T0, Ct);
        await store.SetWatchExpiryAsync(id, T0.AddDays(7), Ct);

        var mailbox = (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull();
        mailbox.HistoryCheckpoint.ShouldBe(77UL);
        mailbox.HistorySyncedAt.ShouldBe(T0);
        mailbox.WatchExpiresAt.ShouldBe(T0.AddDays(7));
        await store.SetWatchExpiryAsync(id, null, Ct);
        (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull().WatchExpiresAt.ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddRuleReplyAsync_SameInboundMessageTwice_OnlyTheFirstIsKept(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailbox = await store.UpsertMailboxAsync(new Mailbox(0, "support@acme.example", "Support", "http://sandbox.local/", "token", null), Ct);

        var first = await store.AddRuleReplyAsync(Reply(mailbox, "m1", "t1", "Nora@Example.com"), Ct);
        var again = await store.AddRuleReplyAsync(Reply(mailbox, "m1", "t1", "nora@example.com", rule: "other-rule"), Ct);

        first.ShouldNotBeNull();
        again.ShouldBeNull();
        var row = (await store.ListRuleRepliesAsync(10, Ct)).ShouldHaveSingleItem();
        row.ShouldBe(Reply(mailbox, "m1", "t1", "nora@example.com") with { Id = first.Value });
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RuleReplyLimits_ThreadAndSender_CountPendingSentAndAmbiguousButNotSkipped(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailbox = await store.UpsertMailboxAsync(new Mailbox(0, "support@acme.example", "Support", "http://sandbox.local/", "token", null), Ct);
        await store.AddRuleReplyAsync(Reply(mailbox, "m1", "t1", "nora@example.com", state: RuleReplyState.Skipped), Ct);

        (await store.HasRuleReplyInThreadAsync(mailbox, "support-ack", "t1", Ct)).ShouldBeFalse();
        (await store.LastRuleReplyToSenderAsync(mailbox, "support-ack", "nora@example.com", Ct)).ShouldBeNull();

        await store.AddRuleReplyAsync(Reply(mailbox, "m2", "t1", "nora@example.com") with { CreatedAt = T0.AddMinutes(5) }, Ct);

        (await store.HasRuleReplyInThreadAsync(mailbox, "support-ack", "t1", Ct)).ShouldBeTrue();
        (await store.HasRuleReplyInThreadAsync(mailbox, "other-rule", "t1", Ct)).ShouldBeFalse();
        (await store.LastRuleReplyToSenderAsync(mailbox, "support-ack", "NORA@example.com", Ct)).ShouldBe(T0.AddMinutes(5));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RuleReplyLifecycle_WaitTakeDeferReturnFinish_OnlyLegalMovesHappen(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailbox = await store.UpsertMailboxAsync(new Mailbox(0, "support@acme.example", "Support", "http://sandbox.local/", "token", null), Ct);
        var id = (await store.AddRuleReplyAsync(Reply(mailbox, "m1", "t1", "nora@example.com"), Ct)).ShouldNotBeNull();
        var later = (await store.AddRuleReplyAsync(Reply(mailbox, "m2", "t2", "omar@example.com") with { DueAt = T0.AddHours(1) }, Ct)).ShouldNotBeNull();

        (await store.ListWaitingRuleRepliesAsync(mailbox, T0, 10, Ct)).Select(r => r.Id).ShouldBe([id]);
        await store.DeferRuleReplyAsync(id, T0.AddMinutes(30), T0, Ct);
        (await store.ListWaitingRuleRepliesAsync(mailbox, T0, 10, Ct)).ShouldBeEmpty();
        (await store.ListWaitingRuleRepliesAsync(mailbox, T0.AddHours(1), 10, Ct)).Select(r => r.Id).ShouldBe([id, later]);

        (await store.StartRuleReplyAsync(id, T0, Ct)).ShouldBeTrue();
        (await store.StartRuleReplyAsync(id, T0, Ct)).ShouldBeFalse();
        await store.ReturnRuleReplyAsync(id, T0.AddMinutes(1), T0, Ct);
        (await store.StartRuleReplyAsync(id, T0, Ct)).ShouldBeTrue();
        await store.FinishRuleReplyAsync(id, RuleReplyState.Sent, "answered", "gmail-9", T0, Ct);
        await store.FinishRuleReplyAsync(id, RuleReplyState.Failed, "too late", null, T0, Ct);

        var sent = (await store.ListRuleRepliesAsync(10, Ct)).Single(r => r.Id == id);
        sent.State.ShouldBe(RuleReplyState.Sent);
        sent.ReplyMessageId.ShouldBe("gmail-9");
        sent.Detail.ShouldBe("answered");

        // A worker that died mid-send: its taken reply becomes ambiguous once older than the lease, never sent again.
        (await store.StartRuleReplyAsync(later, T0, Ct)).ShouldBeTrue();
        (await store.MarkStaleRuleRepliesAmbiguousAsync(mailbox, T0, T0.AddMinutes(10), Ct)).ShouldBe(0);
        (await store.MarkStaleRuleRepliesAmbiguousAsync(mailbox, T0.AddMinutes(6), T0.AddMinutes(10), Ct)).ShouldBe(1);
        (await store.ListRuleRepliesAsync(10, Ct)).Single(r => r.Id == later).State.ShouldBe(RuleReplyState.Ambiguous);
    }

    private static RuleReply Reply(long mailboxId, string messageId, string threadId, string sender, string rule = "support-ack",
        RuleReplyState state = RuleReplyState.Pending) =>
        new(0, rule, mailboxId, messageId, threadId, sender, "Nora Quist", "Can't export", "<abc@example.com>", "<x@y> <z@w>", T0, state, T0, null,
            null, T0);
}
