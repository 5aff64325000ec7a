using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;

namespace Nudge.Core.Scheduling;

/// <summary>
/// Sends the sequence steps that are due and stops enrollments whose contact (or a teammate) answered.
/// </summary>
/// <remarks>
/// <para>
/// One cycle (<see cref="RunCycleAsync"/>) first reads each mailbox's history from its checkpoint, so that a reply
/// that arrived since the last cycle stops its enrollment before the next step could go out; then it claims the due
/// steps with a lease and sends them; then it reads the history again to catch what arrived meanwhile.
/// <see cref="RunAsync"/> repeats cycles on the <see cref="TimeProvider"/>'s clock.
/// </para>
/// <para>
/// Exactly-once: before calling Gmail the worker writes the outbox row for (enrollment, step), whose key is unique.
/// A step whose row exists is never sent again; a send whose outcome is unknown (timeout, 5xx) is recorded as
/// ambiguous and its enrollment stopped, never resent blindly. Several workers may run against one PostgreSQL store:
/// the lease keeps them off each other's claims.
/// </para>
/// <para>
/// A failure belongs to its enrollment: a missing merge field or a refused send is recorded on that enrollment with
/// the reason, and the cycle goes on with the others.
/// </para>
/// </remarks>
public sealed class SequenceWorker
{
    private const string SentLabel = "SENT";
    private static readonly string[] ReplyHeaders = ["From", MessageComposer.SendIdHeader];

    private readonly IEngineStore _store;
    private readonly SequenceCatalog _sequences;
    private readonly IGmailClientFactory _gmail;
    private readonly TemplateEngine _templates;
    private readonly TimeProvider _time;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;

    public SequenceWorker(IEngineStore store, SequenceCatalog sequences, IGmailClientFactory gmail, TimeProvider timeProvider,
        WorkerOptions? options = null, ILogger<SequenceWorker>? logger = null)
    {
        _store = store;
        _sequences = sequences;
        _gmail = gmail;
        _time = timeProvider;
        _templates = new TemplateEngine(timeProvider);
        _options = options ?? new WorkerOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Runs cycles until cancelled, waiting <see cref="WorkerOptions.PollInterval"/> between them.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        do
        {
            await RunCycleAsync(cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>Reads replies, sends every due step, then reads replies again.</summary>
    public async Task<WorkerCycleResult> RunCycleAsync(CancellationToken cancellationToken)
    {
        var stopped = await SyncRepliesAsync(cancellationToken);
        var (sent, failed) = await SendDueAsync(cancellationToken);
        stopped += await SyncRepliesAsync(cancellationToken);
        return new WorkerCycleResult(sent, failed, stopped);
    }

    /// <summary>Claims and sends the steps due now, batch after batch, until none is due.</summary>
    /// <returns>How many steps were sent and how many failed.</returns>
    public async Task<(int Sent, int Failed)> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var failed = 0;
        while (true)
        {
            var now = _time.GetUtcNow();
            var claimed = await _store.ClaimDueAsync(now, _options.BatchSize, _options.Lease, cancellationToken);
            if (claimed.Count == 0)
            {
                return (sent, failed);
            }

            foreach (var enrollment in claimed)
            {
                switch (await SendStepAsync(enrollment, cancellationToken))
                {
                    case true:
                        sent++;
                        break;
                    case false:
                        failed++;
                        break;
                    default:
                        // Its mailbox is paused or had no token: the step waits, unchanged.
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Reads every mailbox's new history and stops the enrollments whose thread got a message Nudge did not send:
    /// the contact's reply, or a teammate's manual reply from the mailbox.
    /// </summary>
    /// <returns>How many enrollments were stopped.</returns>
    public async Task<int> SyncRepliesAsync(CancellationToken cancellationToken)
    {
        var stopped = 0;
        foreach (var mailbox in await _store.ListMailboxesAsync(cancellationToken))
        {
            if (mailbox.Status == MailboxStatus.Paused)
            {
                continue;
            }

            try
            {
                stopped += await SyncMailboxAsync(mailbox, cancellationToken);
            }
            catch (GmailApiException ex)
            {
                // One mailbox's trouble must not keep the others from being read; the checkpoint stays, so nothing is lost.
                Log.SyncFailed(_logger, mailbox.Email, ex);
            }
            catch (MailboxAuthorizationException ex)
            {
                await OnAuthorizationFailedAsync(mailbox.Id, mailbox.Email, ex, cancellationToken);
            }
        }

        return stopped;
    }

    private async Task<int> SyncMailboxAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        var gmail = _gmail.Create(mailbox);
        if (mailbox.HistoryCheckpoint is not { } checkpoint)
        {
            // Nothing sent from this mailbox can predate its first checkpoint, so starting from "now" misses nothing.
            var profile = await gmail.GetProfileAsync(cancellationToken);
            await _store.SetHistoryCheckpointAsync(mailbox.Id, profile.HistoryId, cancellationToken);
            return 0;
        }

        var stopped = 0;
        string? pageToken = null;
        GmailHistoryList page;
        do
        {
            try
            {
                page = await gmail.ListHistoryAsync(checkpoint, [GmailHistoryType.MessageAdded], null, pageToken, cancellationToken);
            }
            catch (GmailApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                Log.HistoryExpired(_logger, mailbox.Email);
                var profile = await gmail.GetProfileAsync(cancellationToken);
                await _store.SetHistoryCheckpointAsync(mailbox.Id, profile.HistoryId, cancellationToken);
                return stopped;
            }

            foreach (var added in page.History?.SelectMany(h => h.MessagesAdded ?? []) ?? [])
            {
                if (await HandleAddedMessageAsync(mailbox, gmail, added.Message, cancellationToken))
                {
                    stopped++;
                }
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        await _store.SetHistoryCheckpointAsync(mailbox.Id, page.HistoryId, cancellationToken);
        return stopped;
    }

    private async Task<bool> HandleAddedMessageAsync(Mailbox mailbox, IGmailClient gmail, GmailMessage added, CancellationToken cancellationToken)
    {
        if (added.ThreadId is null
            || await _store.FindEnrollmentByThreadAsync(mailbox.Id, added.ThreadId, cancellationToken) is not { Status: EnrollmentStatus.Active } enrollment
            || await _store.IsOwnMessageAsync(mailbox.Id, added.Id, cancellationToken))
        {
            return false;
        }

        var message = await gmail.GetMessageAsync(added.Id, MessageFormat.Metadata, ReplyHeaders, cancellationToken);
        if (message.GetHeader(MessageComposer.SendIdHeader) is not null)
        {
            // Ours, sent by another worker that has not recorded it yet.
            return false;
        }

        var from = message.GetHeader("From") ?? "an unknown sender";
        var now = _time.GetUtcNow();
        var (status, reason) = message.HasLabel(SentLabel)
            ? (EnrollmentStatus.StoppedByTeammate, $"a teammate replied by hand from {mailbox.Email}")
            : (EnrollmentStatus.Replied, $"reply from {from}");

        if (!await _store.StopEnrollmentAsync(enrollment.Id, status, reason, now, cancellationToken))
        {
            return false;
        }

        await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, status == EnrollmentStatus.Replied ? "replied" : "teammate-replied",
            $"{reason} (message {message.Id})"), cancellationToken);
        Log.EnrollmentStopped(_logger, enrollment.Id, reason);
        return true;
    }

    /// <returns>Whether the step was sent; <see langword="null"/> when it waits for its mailbox (paused, or no token now).</returns>
    private async Task<bool?> SendStepAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var stepNumber = enrollment.NextStep;
        try
        {
            return await TrySendStepAsync(enrollment, cancellationToken);
        }
        catch (MailboxAuthorizationException ex)
        {
            // Thrown while getting a token, before any request left: the step certainly did not go out, so its
            // reservation is undone and the enrollment is left as it was.
            await _store.ReleaseUnsentStepAsync(enrollment.Id, stepNumber, cancellationToken);
            await OnAuthorizationFailedAsync(enrollment.MailboxId, ex.Email, ex, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // If the step was reserved, the send may have gone out before the error: only a reconciliation can tell.
            await FailAsync(enrollment, stepNumber, $"unexpected error: {ex.Message}", OutboxState.Ambiguous, cancellationToken);
            return false;
        }
    }

    private async Task<bool?> TrySendStepAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var stepNumber = enrollment.NextStep;
        if (_sequences.Find(enrollment.SequenceName) is not { } sequence)
        {
            await FailAsync(enrollment, stepNumber, $"no sequence named '{enrollment.SequenceName}' is loaded", null, cancellationToken);
            return false;
        }

        if (sequence.GetStep(stepNumber) is not { } step)
        {
            await FailAsync(enrollment, stepNumber, $"sequence '{sequence.Name}' has no step {stepNumber}", null, cancellationToken);
            return false;
        }

        var contact = await _store.GetContactAsync(enrollment.ContactId, cancellationToken)
            ?? throw new InvalidOperationException($"contact {enrollment.ContactId} of enrollment {enrollment.Id} does not exist");
        var mailbox = await _store.GetMailboxAsync(enrollment.MailboxId, cancellationToken)
            ?? throw new InvalidOperationException($"mailbox {enrollment.MailboxId} of enrollment {enrollment.Id} does not exist");
        if (mailbox.Status == MailboxStatus.Paused)
        {
            // Paused after this enrollment was claimed; the claim's lease runs out and the step waits for the resume.
            return null;
        }

        var rendered = await _templates.RenderAsync(step.Template, contact.Fields, cancellationToken);
        if (rendered.Message is not { } body)
        {
            await FailAsync(enrollment, stepNumber, rendered.DescribeFailure(step.Template.Name, contact.Email), null, cancellationToken);
            return false;
        }

        var gmail = _gmail.Create(mailbox);
        var thread = await ResolveThreadAsync(enrollment, step, body, gmail, cancellationToken);
        var now = _time.GetUtcNow();
        var localMessageId = MessageComposer.NewMessageId(mailbox.Email);
        var reservation = new OutboxEntry(enrollment.Id, stepNumber, mailbox.Id, OutboxState.Sending, localMessageId, thread.Subject, now);
        if (!await _store.TryReserveSendAsync(reservation, cancellationToken))
        {
            Log.StepAlreadyReserved(_logger, enrollment.Id, stepNumber);
            return false;
        }

        var mime = MessageComposer.Compose(new OutgoingMessage(
            mailbox.DisplayName, mailbox.Email, DisplayName(contact), contact.Email, thread.Subject, body, localMessageId, now,
            thread.InReplyTo, thread.References, SendId(enrollment.Id, stepNumber)));

        GmailMessage result;
        try
        {
            result = await gmail.SendAsync(MessageComposer.ToRaw(mime), thread.ThreadId, cancellationToken);
        }
        catch (GmailApiException ex) when (ex.IsAmbiguous)
        {
            Log.SendAmbiguous(_logger, enrollment.Id, stepNumber, ex);
            await FailAsync(enrollment, stepNumber, $"the send may or may not have gone out ({ex.Message}); not resent", OutboxState.Ambiguous,
                cancellationToken);
            return false;
        }
        catch (GmailApiException ex)
        {
            await FailAsync(enrollment, stepNumber, $"Gmail refused the send: {ex.Message}", OutboxState.Failed, cancellationToken);
            return false;
        }

        var threadId = result.ThreadId ?? result.Id;
        if (thread.ThreadId is not null && !string.Equals(thread.ThreadId, threadId, StringComparison.Ordinal))
        {
            Log.ThreadMismatch(_logger, enrollment.Id, stepNumber, thread.ThreadId, threadId);
        }

        var rfcMessageId = await TryReadMessageIdAsync(gmail, result.Id, cancellationToken);
        var next = sequence.GetStep(stepNumber + 1);
        DateTimeOffset? nextDueAt = next is null ? null : now + next.Wait;
        await _store.RecordSentAsync(new SentMessage(enrollment.Id, stepNumber, result.Id, threadId, rfcMessageId, now), nextDueAt, cancellationToken);
        await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "sent",
            $"step {stepNumber} '{step.Template.Name}' to {contact.Email}: \"{thread.Subject}\""), cancellationToken);
        if (next is null)
        {
            await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "completed", $"all {sequence.Steps.Count} steps sent"), cancellationToken);
        }

        Log.StepSent(_logger, enrollment.Id, stepNumber, contact.Email, threadId);
        return true;
    }

    /// <summary>
    /// Where the step goes. A reply needs the thread id, the thread's subject with <c>Re: </c>, and In-Reply-To and
    /// References naming the real Message-IDs Gmail gave the earlier messages: all three, or Gmail starts a new thread.
    /// </summary>
    private async Task<ThreadPlacement> ResolveThreadAsync(Enrollment enrollment, SequenceStep step, RenderedMessage body, IGmailClient gmail,
        CancellationToken cancellationToken)
    {
        var sent = (await _store.ListOutboxAsync(enrollment.Id, cancellationToken))
            .Where(o => o.State == OutboxState.Sent && o.GmailThreadId is not null)
            .ToList();
        if (step.Thread == ThreadMode.New || sent.Count == 0)
        {
            return new ThreadPlacement(null, body.Subject!, null, []);
        }

        var threadId = sent[^1].GmailThreadId!;
        var inThread = sent.Where(o => o.GmailThreadId == threadId).ToList();
        var references = new List<string>(inThread.Count);
        foreach (var entry in inThread)
        {
            references.Add(entry.RfcMessageId
                ?? await TryReadMessageIdAsync(gmail, entry.GmailMessageId!, cancellationToken)
                ?? throw new InvalidOperationException($"the Message-ID of step {entry.Step} (Gmail message {entry.GmailMessageId}) cannot be read"));
        }

        return new ThreadPlacement(threadId, ThreadSubject.ForReply(inThread[0].Subject), references[^1], references);
    }

    private async Task<string?> TryReadMessageIdAsync(IGmailClient gmail, string gmailMessageId, CancellationToken cancellationToken)
    {
        try
        {
            var message = await gmail.GetMessageAsync(gmailMessageId, MessageFormat.Metadata, ["Message-ID"], cancellationToken);
            return message.GetHeader("Message-ID");
        }
        catch (GmailApiException ex)
        {
            Log.MessageIdReadBackFailed(_logger, gmailMessageId, ex);
            return null;
        }
    }

    private async Task OnAuthorizationFailedAsync(long mailboxId, string email, MailboxAuthorizationException ex, CancellationToken cancellationToken)
    {
        if (ex.IsTransient)
        {
            Log.TokenUnavailable(_logger, email, ex.Message);
            return;
        }

        // Only the user can fix a refused sign-in: stop using the mailbox, and say how, until it is signed in again.
        await _store.PauseMailboxAsync(mailboxId, ex.Message, _time.GetUtcNow(), cancellationToken);
        Log.MailboxPaused(_logger, email, ex.Message);
    }

    private async Task FailAsync(Enrollment enrollment, int step, string reason, OutboxState? outboxState, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (outboxState is { } state)
        {
            await _store.RecordSendFailedAsync(enrollment.Id, step, state, EnrollmentStatus.Failed, reason, now, cancellationToken);
        }
        else
        {
            await _store.StopEnrollmentAsync(enrollment.Id, EnrollmentStatus.Failed, reason, now, cancellationToken);
        }

        await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "failed", $"step {step}: {reason}"), cancellationToken);
        Log.StepFailed(_logger, enrollment.Id, step, reason);
    }

    private static string? DisplayName(Contact contact)
    {
        var first = contact.Fields.GetValueOrDefault("first_name");
        var last = contact.Fields.GetValueOrDefault("last_name");
        var name = string.Join(' ', new[] { first, last }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : contact.Fields.GetValueOrDefault("name");
    }

    private static string SendId(long enrollmentId, int step) =>
        string.Create(CultureInfo.InvariantCulture, $"{enrollmentId}.{step}");

    private sealed record ThreadPlacement(string? ThreadId, string Subject, string? InReplyTo, IReadOnlyList<string> References);
}
