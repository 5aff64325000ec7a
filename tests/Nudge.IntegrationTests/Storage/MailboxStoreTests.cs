using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Storage;

/// <summary>Mailbox sign-in state in the store (migration 002), run against every provider.</summary>
public sealed class MailboxStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertMailboxAsync_SignedInMailbox_RoundTripsKindCredentialAndTokenUrl(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailbox = SignedIn() with { HistoryCheckpoint = 7 };

        var id = await store.UpsertMailboxAsync(mailbox, Ct);

        (await store.GetMailboxAsync(id, Ct)).ShouldBe(mailbox with { Id = id });
        (await store.ListMailboxesAsync(Ct)).Single().DailySendLimit.ShouldBe(2_000);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PauseMailboxAsync_ThenResume_KeepsEnrollmentsWaitingThenClaimsThem(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(SignedIn(), Ct);
        var contactId = await store.UpsertContactAsync(new Contact(0, "ann@example.com", new Dictionary<string, string>()), Ct);
        var enrollmentId = await store.EnrollAsync(contactId, "welcome", mailboxId, T0, Ct);

        await store.PauseMailboxAsync(mailboxId, "sign in again", T0, Ct);

        var paused = (await store.GetMailboxAsync(mailboxId, Ct)).ShouldNotBeNull();
        paused.Status.ShouldBe(MailboxStatus.Paused);
        paused.PausedReason.ShouldBe("sign in again");
        paused.PausedAt.ShouldBe(T0);
        (await store.ClaimDueAsync(T0.AddHours(1), 10, Lease, Ct)).ShouldBeEmpty();
        (await store.NextDueAtAsync(Ct)).ShouldBeNull();
        (await store.GetEnrollmentAsync(enrollmentId, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Active);

        await store.ResumeMailboxAsync(mailboxId, Ct);

        var resumed = (await store.GetMailboxAsync(mailboxId, Ct)).ShouldNotBeNull();
        (resumed.Status, resumed.PausedReason, resumed.PausedAt).ShouldBe((MailboxStatus.Active, null, null));
        (await store.NextDueAtAsync(Ct)).ShouldBe(T0);
        (await store.ClaimDueAsync(T0.AddHours(1), 10, Lease, Ct)).Select(e => e.Id).ShouldBe([enrollmentId]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpsertMailboxAsync_PausedMailboxSignedInAgain_IsActive(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(SignedIn(), Ct);
        await store.PauseMailboxAsync(id, "sign in again", T0, Ct);

        await store.UpsertMailboxAsync(SignedIn() with { CredentialCiphertext = "v1.k.new" }, Ct);

        var mailbox = (await store.GetMailboxAsync(id, Ct)).ShouldNotBeNull();
        (mailbox.Status, mailbox.CredentialCiphertext).ShouldBe((MailboxStatus.Active, "v1.k.new"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UpdateMailboxCredentialAsync_ReplacesOnlyTheCredential(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var id = await store.UpsertMailboxAsync(SignedIn(), Ct);

        await store.UpdateMailboxCredentialAsync(id, "v1.k.refreshed", Ct);

        (await store.GetMailboxAsync(id, Ct)).ShouldBe(SignedIn() with { Id = id, CredentialCiphertext = "v1.k.refreshed" });
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task CountSentSinceAsync_CountsOnlyThisMailboxsSentRowsInTheWindow(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(SignedIn(), Ct);
        var otherId = await store.UpsertMailboxAsync(SignedIn() with { Email = "other@acme.example" }, Ct);
        await SendAsync(store, mailboxId, "a@example.com", T0.AddHours(-30));
        await SendAsync(store, mailboxId, "b@example.com", T0.AddHours(-2));
        await SendAsync(store, mailboxId, "c@example.com", T0);
        await SendAsync(store, otherId, "d@example.com", T0);
        var contactId = await store.UpsertContactAsync(new Contact(0, "e@example.com", new Dictionary<string, string>()), Ct);
        var reserved = await store.EnrollAsync(contactId, "s", mailboxId, T0, Ct);
        await store.TryReserveSendAsync(new OutboxEntry(reserved, 1, mailboxId, OutboxState.Sending, "<r@x>", "S", T0), Ct);

        (await store.CountSentSinceAsync(mailboxId, T0.AddHours(-24), Ct)).ShouldBe(2);
        (await store.CountSentSinceAsync(otherId, T0.AddHours(-24), Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ReleaseUnsentStepAsync_DeletesOnlyAReservationStillSending(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, Ct);
        var store = await db.OpenMigratedStoreAsync(Ct);
        var mailboxId = await store.UpsertMailboxAsync(SignedIn(), Ct);
        var sentEnrollment = await SendAsync(store, mailboxId, "a@example.com", T0);
        var contactId = await store.UpsertContactAsync(new Contact(0, "b@example.com", new Dictionary<string, string>()), Ct);
        var enrollmentId = await store.EnrollAsync(contactId, "s", mailboxId, T0, Ct);
        (await store.TryReserveSendAsync(new OutboxEntry(enrollmentId, 1, mailboxId, OutboxState.Sending, "<r@x>", "S", T0), Ct)).ShouldBeTrue();

        await store.ReleaseUnsentStepAsync(enrollmentId, 1, Ct);
        await store.ReleaseUnsentStepAsync(sentEnrollment, 1, Ct);

        (await store.TryReserveSendAsync(new OutboxEntry(enrollmentId, 1, mailboxId, OutboxState.Sending, "<r2@x>", "S", T0), Ct)).ShouldBeTrue();
        (await store.ListOutboxAsync(sentEnrollment, Ct)).Count.ShouldBe(1);
        (await store.GetEnrollmentAsync(enrollmentId, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Active);
    }

    private static Mailbox SignedIn() => new(
        0, "sam@acme.example", "Sam", Mailbox.GoogleApiBaseUrl, "", null, MailboxKind.Workspace,
        CredentialCiphertext: "v1.k.opaque", TokenUrl: Mailbox.GoogleTokenUrl);

    private static async Task<long> SendAsync(IEngineStore store, long mailboxId, string to, DateTimeOffset at)
    {
        var contactId = await store.UpsertContactAsync(new Contact(0, to, new Dictionary<string, string>()), Ct);
        var enrollmentId = await store.EnrollAsync(contactId, "s", mailboxId, at, Ct);
        await store.TryReserveSendAsync(new OutboxEntry(enrollmentId, 1, mailboxId, OutboxState.Sending, $"<{enrollmentId}@x>", "S", at), Ct);
        await store.RecordSentAsync(new SentMessage(enrollmentId, 1, $"m{enrollmentId}", $"t{enrollmentId}", null, at), null, Ct);
        return enrollmentId;
    }
}
