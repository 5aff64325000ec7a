using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>The store query behind the overview's funnels, on every provider.</summary>
public sealed class OverviewStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountSendsByStepAsync_MixedOutbox_CountsOnlySentPerSequenceAndStep(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);
        var ann = await EnrollAsync(store, mailboxId, "ann@globex.example", "outreach");
        var bob = await EnrollAsync(store, mailboxId, "bob@globex.example", "outreach");
        var cleo = await EnrollAsync(store, mailboxId, "cleo@globex.example", "outreach");
        var dan = await EnrollAsync(store, mailboxId, "dan@globex.example", "onboarding");
        await SendAsync(store, ann, 1, mailboxId);
        await SendAsync(store, ann, 2, mailboxId);
        await SendAsync(store, bob, 1, mailboxId);
        await SendAsync(store, dan, 1, mailboxId);
        // Reserved only (in flight), and refused by Gmail: neither went out.
        await store.TryReserveSendAsync(Reservation(bob, 2, mailboxId), Ct);
        await store.TryReserveSendAsync(Reservation(cleo, 1, mailboxId), Ct);
        await store.RecordSendFailedAsync(cleo, 1, OutboxState.Failed, EnrollmentStatus.Failed, "refused", T0.AddMinutes(1), Ct);

        var sends = await store.CountSendsByStepAsync(Ct);

        sends.ShouldBe([("onboarding", 1, 1), ("outreach", 1, 2), ("outreach", 2, 1)]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountSendsByStepAsync_NothingSent_ReturnsNone(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);
        await EnrollAsync(store, mailboxId, "ann@globex.example", "outreach");

        (await store.CountSendsByStepAsync(Ct)).ShouldBeEmpty();
    }

    private static async Task<long> EnrollAsync(IEngineStore store, long mailboxId, string email, string sequence)
    {
        var contact = await store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), Ct);
        return await store.EnrollAsync(contact, sequence, mailboxId, T0, Ct);
    }

    private static async Task SendAsync(IEngineStore store, long enrollmentId, int step, long mailboxId)
    {
        (await store.TryReserveSendAsync(Reservation(enrollmentId, step, mailboxId), Ct)).ShouldBeTrue();
        await store.RecordSentAsync(
            new SentMessage(enrollmentId, step, $"m{enrollmentId}.{step}", $"thread-{enrollmentId}", $"<m{enrollmentId}.{step}@mail.gmail.com>",
                T0.AddMinutes(step)),
            step + 1, T0.AddDays(step), Ct);
    }

    private static OutboxEntry Reservation(long enrollmentId, int step, long mailboxId) =>
        new(enrollmentId, step, mailboxId, OutboxState.Sending, $"<{enrollmentId}.{step}@nudge.local>", $"Step {step}", T0);
}
