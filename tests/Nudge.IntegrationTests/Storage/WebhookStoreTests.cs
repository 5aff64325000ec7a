using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Webhooks;

namespace Nudge.IntegrationTests.Storage;

/// <summary>Webhooks out in the store (migration 007): registration, the event cursor, deliveries and their claim, on every provider.</summary>
public sealed class WebhookStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddWebhookAsync_AfterEvents_CursorStartsAtTheLastEventAndOnlyLaterOnesAreListed(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var enrollment = await EnrollAsync(store, "ann@globex.example");
        await store.AddEventAsync(new EnrollmentEvent(enrollment, T0, "sent", "step 1"), Ct);
        await store.AddEventAsync(new EnrollmentEvent(enrollment, T0.AddMinutes(1), "replied", "reply from ann"), Ct);

        var id = await store.AddWebhookAsync(NewWebhook(["replied", "completed"]), Ct);
        await store.AddEventAsync(new EnrollmentEvent(enrollment, T0.AddMinutes(2), "completed", "all 2 steps done"), Ct);

        var webhook = (await store.GetWebhookAsync(id, Ct)).ShouldNotBeNull();
        webhook.Url.ShouldBe("https://crm.example/hooks/nudge");
        webhook.Secret.ShouldBe("whsec_s3cret");
        webhook.Events.ShouldBe(["replied", "completed"]);
        webhook.CreatedAt.ShouldBe(T0);
        webhook.IsActive.ShouldBeTrue();
        var events = await store.ListEventsAfterAsync(webhook.CursorEventId, 100, Ct);
        var completed = events.ShouldHaveSingleItem();
        completed.Kind.ShouldBe("completed");
        completed.EnrollmentId.ShouldBe(enrollment);
        completed.Email.ShouldBe("ann@globex.example");
        completed.SequenceName.ShouldBe("outreach");
        completed.Status.ShouldBe(EnrollmentStatus.Active);
        completed.State.ShouldBe("active");
        completed.At.ShouldBe(T0.AddMinutes(2));
        (await store.ListEventsAfterAsync(0, 100, Ct)).Select(e => e.Kind).ShouldBe(["sent", "replied", "completed"]);
        (await store.ListEventsAfterAsync(0, 2, Ct)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task DisableWebhookAsync_Once_LeavesTheListAndTheClaim(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var enrollment = await EnrollAsync(store, "ann@globex.example");
        var kept = await store.AddWebhookAsync(NewWebhook(["replied"]), Ct);
        var deleted = await store.AddWebhookAsync(NewWebhook(["replied"]) with { Url = "https://old.example/hook" }, Ct);
        await store.AddEventAsync(new EnrollmentEvent(enrollment, T0, "replied", "reply"), Ct);
        var eventId = (await store.ListEventsAfterAsync(0, 10, Ct)).Single().Id;
        foreach (var webhook in new[] { kept, deleted })
        {
            await store.EnqueueWebhookDeliveriesAsync(webhook, [new NewWebhookDelivery(eventId, "replied", "{}")], eventId, T0, Ct);
        }

        (await store.DisableWebhookAsync(deleted, T0.AddHours(1), Ct)).ShouldBeTrue();
        (await store.DisableWebhookAsync(deleted, T0.AddHours(2), Ct)).ShouldBeFalse();
        (await store.DisableWebhookAsync(999, T0, Ct)).ShouldBeFalse();

        (await store.ListWebhooksAsync(Ct)).Select(w => w.Id).ShouldBe([kept]);
        (await store.GetWebhookAsync(deleted, Ct)).ShouldNotBeNull().DisabledAt.ShouldBe(T0.AddHours(1));
        (await store.ClaimDueWebhookDeliveriesAsync(T0, 10, Lease, Ct)).ShouldHaveSingleItem().WebhookId.ShouldBe(kept);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EnqueueWebhookDeliveriesAsync_SameEventTwice_MakesOneDeliveryAndTheCursorNeverGoesBack(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var enrollment = await EnrollAsync(store, "ann@globex.example");
        var webhook = await store.AddWebhookAsync(NewWebhook(["replied", "bounced"]), Ct);
        await store.AddEventAsync(new EnrollmentEvent(enrollment, T0, "replied", "reply"), Ct);
        await store.AddEventAsync(new EnrollmentEvent(enrollment, T0, "bounced", "bounce"), Ct);
        var ids = (await store.ListEventsAfterAsync(0, 10, Ct)).Select(e => e.Id).ToList();

        var first = await store.EnqueueWebhookDeliveriesAsync(webhook,
            [new NewWebhookDelivery(ids[0], "replied", """{"n":1}"""), new NewWebhookDelivery(ids[1], "bounced", """{"n":2}""")], ids[1], T0, Ct);
        var again = await store.EnqueueWebhookDeliveriesAsync(webhook, [new NewWebhookDelivery(ids[0], "replied", """{"n":"other"}""")], ids[0],
            T0.AddMinutes(1), Ct);

        first.ShouldBe(2);
        again.ShouldBe(0);
        (await store.GetWebhookAsync(webhook, Ct))!.CursorEventId.ShouldBe(ids[1], "a dispatcher behind another one moves nothing back");
        var log = await store.ListWebhookDeliveriesAsync(webhook, 10, Ct);
        log.Select(d => d.EventId).ShouldBe([ids[1], ids[0]], "newest first");
        var replied = log[1];
        replied.Payload.ShouldBe("""{"n":1}""", "the first payload is the one every attempt sends");
        replied.EventType.ShouldBe("replied");
        replied.State.ShouldBe(WebhookDeliveryState.Pending);
        replied.Attempts.ShouldBe(0);
        replied.NextAttemptAt.ShouldBe(T0);
        replied.CreatedAt.ShouldBe(T0);
        replied.LastStatus.ShouldBeNull();
        replied.DeliveredAt.ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueWebhookDeliveriesAsync_Claimed_IsHiddenUntilItsLeaseRunsOut(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (webhook, eventIds) = await WebhookWithEventsAsync(store, 3);
        await store.EnqueueWebhookDeliveriesAsync(webhook, [.. eventIds.Select(e => new NewWebhookDelivery(e, "replied", "{}"))], eventIds[^1], T0, Ct);

        var firstTwo = await store.ClaimDueWebhookDeliveriesAsync(T0, 2, Lease, Ct);
        var rest = await store.ClaimDueWebhookDeliveriesAsync(T0, 10, Lease, Ct);
        var none = await store.ClaimDueWebhookDeliveriesAsync(T0.AddMinutes(4), 10, Lease, Ct);
        var back = await store.ClaimDueWebhookDeliveriesAsync(T0 + Lease, 10, Lease, Ct);

        firstTwo.Select(d => d.EventId).ShouldBe(eventIds.Take(2), "oldest first");
        firstTwo.ShouldAllBe(d => d.NextAttemptAt == T0 + Lease);
        rest.ShouldHaveSingleItem().EventId.ShouldBe(eventIds[2]);
        none.ShouldBeEmpty();
        back.Count.ShouldBe(3, "a dispatcher that died leaves its deliveries to be claimed again");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ClaimDueWebhookDeliveriesAsync_TwoStoresAtOnce_ClaimEachDeliveryOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (webhook, eventIds) = await WebhookWithEventsAsync(store, 20);
        await store.EnqueueWebhookDeliveriesAsync(webhook, [.. eventIds.Select(e => new NewWebhookDelivery(e, "replied", "{}"))], eventIds[^1], T0, Ct);
        IEngineStore[] stores = provider == "postgres" ? [store, db.OpenStore(), db.OpenStore()] : [store];

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => stores[i % stores.Length].ClaimDueWebhookDeliveriesAsync(T0, 5, Lease, Ct)));

        var claimed = claims.SelectMany(c => c).Select(d => d.Id).ToList();
        claimed.Count.ShouldBe(20);
        claimed.ShouldBeUnique();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RecordWebhookAttemptAsync_FailedThenDelivered_LogShowsAttemptsAndLastAnswer(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var (webhook, eventIds) = await WebhookWithEventsAsync(store, 2);
        await store.EnqueueWebhookDeliveriesAsync(webhook, [.. eventIds.Select(e => new NewWebhookDelivery(e, "replied", "{}"))], eventIds[^1], T0, Ct);
        var claimed = await store.ClaimDueWebhookDeliveriesAsync(T0, 10, Lease, Ct);
        var (retried, givenUp) = (claimed[0], claimed[1]);

        await store.RecordWebhookAttemptAsync(retried.Id,
            new WebhookAttempt(WebhookDeliveryState.Pending, 500, "HTTP 500 InternalServerError", T0, T0.AddSeconds(30)), Ct);
        await store.RecordWebhookAttemptAsync(givenUp.Id, new WebhookAttempt(WebhookDeliveryState.Failed, null, "connection refused", T0, T0), Ct);
        (await store.ClaimDueWebhookDeliveriesAsync(T0.AddSeconds(29), 10, Lease, Ct)).ShouldBeEmpty();
        (await store.ClaimDueWebhookDeliveriesAsync(T0.AddSeconds(30), 10, Lease, Ct)).ShouldHaveSingleItem().Id.ShouldBe(retried.Id);
        await store.RecordWebhookAttemptAsync(retried.Id, new WebhookAttempt(WebhookDeliveryState.Delivered, 204, null, T0.AddSeconds(31), T0.AddSeconds(31)), Ct);
        // A late record for a delivery that is no longer pending (a second dispatcher after the lease) changes nothing.
        await store.RecordWebhookAttemptAsync(retried.Id, new WebhookAttempt(WebhookDeliveryState.Pending, 500, "late", T0.AddMinutes(9), T0.AddHours(1)), Ct);

        var log = (await store.ListWebhookDeliveriesAsync(webhook, 10, Ct)).ToDictionary(d => d.Id);
        var delivered = log[retried.Id];
        delivered.State.ShouldBe(WebhookDeliveryState.Delivered);
        delivered.Attempts.ShouldBe(2);
        delivered.LastStatus.ShouldBe(204);
        delivered.LastError.ShouldBeNull();
        delivered.DeliveredAt.ShouldBe(T0.AddSeconds(31));
        var failed = log[givenUp.Id];
        failed.State.ShouldBe(WebhookDeliveryState.Failed);
        failed.Attempts.ShouldBe(1);
        failed.LastStatus.ShouldBeNull();
        failed.LastError.ShouldBe("connection refused");
        failed.DeliveredAt.ShouldBeNull();
        (await store.ClaimDueWebhookDeliveriesAsync(T0.AddDays(1), 10, Lease, Ct)).ShouldBeEmpty();
        (await store.ListWebhookDeliveriesAsync(webhook, 1, Ct)).Count.ShouldBe(1);
    }

    private static Webhook NewWebhook(IReadOnlyList<string> events) =>
        new(0, "https://crm.example/hooks/nudge", "whsec_s3cret", events, 0, T0, null);

    private static async Task<(long Webhook, IReadOnlyList<long> EventIds)> WebhookWithEventsAsync(IEngineStore store, int count)
    {
        var webhook = await store.AddWebhookAsync(NewWebhook(["replied"]), Ct);
        for (var i = 0; i < count; i++)
        {
            var enrollment = await EnrollAsync(store, $"lead{i}@globex.example");
            await store.AddEventAsync(new EnrollmentEvent(enrollment, T0, "replied", $"reply {i}"), Ct);
        }

        return (webhook, [.. (await store.ListEventsAfterAsync(0, 1000, Ct)).Select(e => e.Id)]);
    }

    private static async Task<long> EnrollAsync(IEngineStore store, string email)
    {
        var mailboxId = (await store.ListMailboxesAsync(Ct)) is [var first, ..] ? first.Id : (long?)null
            ?? await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);
        var contact = await store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), Ct);
        return await store.EnrollAsync(contact, "outreach", mailboxId, T0, Ct);
    }
}
