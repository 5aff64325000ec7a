using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail;
using Nudge.Gmail.Auth;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Engine;

/// <summary>
/// A mailbox whose sign-in Google refuses is paused with what to do, and its sequences wait untouched: the worker
/// neither sends from it nor reads it.
/// </summary>
public sealed class MailboxPauseTests
{
    private const string Email = "pat@acme.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunCycle_RefreshTokenRevoked_PausesMailboxWithTheFixSendsNothingAndLeavesEnrollmentActive()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        await using var pat = await SignedInMailbox.AddAsync(harness);
        var enrollmentId = await pat.EnrollAsync("ana@example.com");

        var first = await pat.Worker.RunCycleAsync(Ct);
        first.Sent.ShouldBe(1, "the refreshed token works");

        await pat.RevokeAsync();
        harness.Time.Advance(TimeSpan.FromDays(3));
        var second = await pat.Worker.RunCycleAsync(Ct);

        second.Sent.ShouldBe(0);
        second.Failed.ShouldBe(0);
        pat.Sends.Sent.Count.ShouldBe(1);
        var mailbox = (await harness.Store.GetMailboxAsync(pat.MailboxId, Ct))!;
        mailbox.Status.ShouldBe(MailboxStatus.Paused);
        mailbox.PausedReason.ShouldBe(
            "Google refused the saved sign-in for pat@acme.example (invalid_grant): sign in again with "
            + "`nudge mailbox add pat@acme.example --credentials credentials.json`. If your Google Cloud app's consent screen is in "
            + "Testing mode, refresh tokens expire after 7 days: publish the app to stop this.");
        mailbox.PausedAt.ShouldBe(harness.Time.GetUtcNow());
        var enrollment = (await harness.Store.GetEnrollmentAsync(enrollmentId, Ct))!;
        (enrollment.Status, enrollment.NextStep).ShouldBe((EnrollmentStatus.Active, 2));
        (await harness.Store.ListOutboxAsync(enrollmentId, Ct)).Count.ShouldBe(1);
        pat.Logs.ShouldContain(l => l.Contains("is paused", StringComparison.Ordinal));
        pat.Logs.ShouldAllBe(l => !l.Contains(pat.Credentials.RefreshToken, StringComparison.Ordinal)
            && !l.Contains(pat.Credentials.ClientSecret, StringComparison.Ordinal));

        // Paused: later cycles neither read nor send, and no due time is reported for it.
        harness.Time.Advance(TimeSpan.FromDays(1));
        (await pat.Worker.RunCycleAsync(Ct)).Sent.ShouldBe(0);
        (await harness.Store.NextDueAtAsync(Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task SendDue_TokenRefusedAtSendTime_UndoesTheReservationAndPauses()
    {
        await using var harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        await using var pat = await SignedInMailbox.AddAsync(harness);
        var enrollmentId = await pat.EnrollAsync("ana@example.com");
        await pat.RevokeAsync();

        // Straight to the send, without the cycle's history read that would have paused the mailbox first.
        var (sent, failed) = await pat.Worker.SendDueAsync(Ct);

        (sent, failed).ShouldBe((0, 0));
        (await harness.Store.ListOutboxAsync(enrollmentId, Ct)).ShouldBeEmpty();
        (await harness.Store.GetMailboxAsync(pat.MailboxId, Ct))!.Status.ShouldBe(MailboxStatus.Paused);
        var enrollment = (await harness.Store.GetEnrollmentAsync(enrollmentId, Ct))!;
        (enrollment.Status, enrollment.NextStep).ShouldBe((EnrollmentStatus.Active, 1));
        var again = new OutboxEntry(enrollmentId, 1, pat.MailboxId, OutboxState.Sending, "<again@x>", "S", harness.Time.GetUtcNow());
        (await harness.Store.TryReserveSendAsync(again, Ct)).ShouldBeTrue("the step that did not go out is not held by a reservation");
    }

    /// <summary>A second sandbox mailbox, signed in with its refresh token, and a worker that reaches it through the token providers.</summary>
    private sealed class SignedInMailbox : IAsyncDisposable
    {
        private readonly EngineHarness _harness;
        private readonly GmailClientFactory _factory;

        private SignedInMailbox(EngineHarness harness, SandboxMailbox credentials, long mailboxId, GmailClientFactory factory)
        {
            _harness = harness;
            Credentials = credentials;
            MailboxId = mailboxId;
            _factory = factory;
            Sends = new RecordingGmailClientFactory(factory);
            Worker = new SequenceWorker(harness.Store, new SequenceCatalog([harness.Sequence]), Sends, harness.Time, logger: new ListLogger(Logs));
        }

        public SandboxMailbox Credentials { get; }

        public long MailboxId { get; }

        public RecordingGmailClientFactory Sends { get; }

        public SequenceWorker Worker { get; }

        public List<string> Logs { get; } = [];

        public static async Task<SignedInMailbox> AddAsync(EngineHarness harness)
        {
            var credentials = harness.Sandbox.AddMailbox(Email);
            var protector = TokenProtector.FromKey(RandomNumberGenerator.GetBytes(32));
            var credential = new MailboxCredential
            {
                Type = MailboxCredential.OAuthUserType,
                ClientId = credentials.ClientId,
                ClientSecret = credentials.ClientSecret,
                RefreshToken = credentials.RefreshToken,
            };
            var mailboxId = await harness.Store.UpsertMailboxAsync(
                new Mailbox(0, Email, "Pat", harness.Sandbox.BaseAddress.ToString(), "", null, MailboxKind.Sandbox,
                    CredentialCiphertext: protector.Protect(credential.ToJson()),
                    TokenUrl: new Uri(harness.Sandbox.BaseAddress, "token").ToString()),
                Ct);
            var factory = new GmailClientFactory(new MailboxTokenProviders(protector, harness.Store, harness.Time));
            return new SignedInMailbox(harness, credentials, mailboxId, factory);
        }

        public async Task<long> EnrollAsync(string email)
        {
            var contactId = await _harness.Store.UpsertContactAsync(
                new Core.Contacts.Contact(0, email, new Dictionary<string, string> { ["company"] = "Acme" }), Ct);
            return await _harness.Store.EnrollAsync(contactId, _harness.Sequence.Name, MailboxId, _harness.Time.GetUtcNow(), Ct);
        }

        public async Task RevokeAsync()
        {
            using var http = new HttpClient { BaseAddress = _harness.Sandbox.BaseAddress };
            using var empty = new StringContent("");
            using var response = await http.PostAsync($"sandbox/mailboxes/{Email}/revoke", empty, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        public ValueTask DisposeAsync()
        {
            _factory.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ListLogger(List<string> lines) : ILogger<SequenceWorker>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
            }
        }
    }
}
