using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
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
    private const int MaxReconcileCandidates = 100;
    private static readonly string[] ReplyHeaders = ["From", MessageComposer.SendIdHeader];
    private static readonly string[] ReconcileHeaders = [MessageComposer.SendIdHeader, "Message-ID"];

    private readonly IEngineStore _store;
    private readonly SequenceCatalog _sequences;
    private readonly IGmailClientFactory _gmail;
    private readonly TemplateEngine _templates;
    private readonly TimeProvider _time;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly QuotaGovernor _quota;

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
        _quota = new QuotaGovernor(store, timeProvider, _options.Quota);
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
                        // Deferred, not failed: its mailbox is paused or had no token, Gmail asked to wait, or a send whose
                        // outcome is unknown awaits its check in SENT.
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
            catch (QuotaUnavailableException ex)
            {
                // No units for the reads now: the checkpoint stays, and the next cycle reads from it.
                Log.SyncDeferred(_logger, mailbox.Email, ex.NotBefore);
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
            await ChargeReadAsync(mailbox, GmailCall.GetProfile, cancellationToken);
            var profile = await gmail.GetProfileAsync(cancellationToken);
            await _store.SetHistoryCheckpointAsync(mailbox.Id, profile.HistoryId, cancellationToken);
            return 0;
        }

        var stopped = 0;
        string? pageToken = null;
        GmailHistoryList page;
        do
        {
            await ChargeReadAsync(mailbox, GmailCall.ListHistory, cancellationToken);
            try
            {
                page = await gmail.ListHistoryAsync(checkpoint, [GmailHistoryType.MessageAdded], null, pageToken, cancellationToken);
            }
            catch (GmailApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                Log.HistoryExpired(_logger, mailbox.Email);
                await ChargeReadAsync(mailbox, GmailCall.GetProfile, cancellationToken);
                var profile = await gmail.GetProfileAsync(cancellationToken);
                await _store.SetHistoryCheckpointAsync(mailbox.Id, profile.HistoryId, cancellationToken);
                return stopped;
            }

            foreach (var added in page.History?.SelectMany(h => h.MessagesAdded ?? []) ?? [])
            {
                await RecordManualSendAsync(mailbox, added.Message, cancellationToken);
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

        await ChargeReadAsync(mailbox, GmailCall.GetMessage, cancellationToken);
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

    /// <returns>
    /// Whether the step was sent (<see langword="false"/>: it failed and its enrollment ended); <see langword="null"/>
    /// when it waits: for its mailbox (paused, no token, no quota now), for a retry, or for its check in SENT.
    /// </returns>
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
        catch (GmailApiException ex) when (ex.IsTransient && !ex.IsAmbiguous)
        {
            // A read before the send (the thread's Message-IDs) failed for now: nothing went out.
            await RetryLaterAsync(enrollment, stepNumber, ex, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (await _store.GetOutboxEntryAsync(enrollment.Id, stepNumber, cancellationToken) is { State: OutboxState.Sending })
            {
                // Reserved, so the send may have gone out before the error: only Gmail's SENT folder can tell.
                var now = _time.GetUtcNow();
                await _store.MarkSendAmbiguousAsync(enrollment.Id, stepNumber, now + _options.ReconcileDelay, cancellationToken);
                await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "ambiguous",
                    $"step {stepNumber}: unexpected error after it was reserved ({ex.Message}); Gmail's SENT folder is checked before anything else"),
                    cancellationToken);
                return null;
            }

            await FailAsync(enrollment, stepNumber, $"unexpected error: {ex.Message}", null, cancellationToken);
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

        var gmail = _gmail.Create(mailbox);
        var now = _time.GetUtcNow();
        if (await _store.GetOutboxEntryAsync(enrollment.Id, stepNumber, cancellationToken) is { } earlier)
        {
            if (earlier.State == OutboxState.Sending && earlier.ReservedAt > now - _options.Lease)
            {
                // Another worker reserved it moments ago and may be sending it right now: once this claim's lease has
                // run out, the reservation is older than a lease and gets reconciled.
                Log.StepAlreadyReserved(_logger, enrollment.Id, stepNumber);
                return null;
            }

            // A send that may have gone out (ambiguous, or left reserved by a worker that died): Gmail's SENT folder
            // decides, before anything is sent again.
            return await ReconcileAsync(enrollment, sequence, earlier, contact, mailbox, gmail, cancellationToken);
        }

        var rendered = await _templates.RenderAsync(step.Template, contact.Fields, cancellationToken);
        if (rendered.Message is not { } body)
        {
            await FailAsync(enrollment, stepNumber, rendered.DescribeFailure(step.Template.Name, contact.Email), null, cancellationToken);
            return false;
        }

        // Gmail's daily sending limit, per-minute units and pacing (GMAIL-FACTS §3): no room now is not a failure; the
        // step waits until there is, and its lease goes. The units of the send and of its Message-ID read-back are taken.
        var permit = await _quota.TryAcquireSendAsync(mailbox, cancellationToken);
        if (!permit.IsAllowed)
        {
            await _store.DeferEnrollmentAsync(enrollment.Id, permit.NotBefore, cancellationToken);
            Log.SendDeferred(_logger, enrollment.Id, stepNumber, permit.Limit, permit.NotBefore);
            return null;
        }

        var thread = await ResolveThreadAsync(enrollment, step, body, gmail, cancellationToken);
        var localMessageId = MessageComposer.NewMessageId(mailbox.Email);
        var reservation = new OutboxEntry(enrollment.Id, stepNumber, mailbox.Id, OutboxState.Sending, localMessageId, thread.Subject, now);
        if (!await _store.TryReserveSendAsync(reservation, cancellationToken))
        {
            Log.StepAlreadyReserved(_logger, enrollment.Id, stepNumber);
            return null;
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
            await _store.MarkSendAmbiguousAsync(enrollment.Id, stepNumber, now + _options.ReconcileDelay, cancellationToken);
            await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "ambiguous",
                $"step {stepNumber}: the send may or may not have gone out ({ex.Message}); Gmail's SENT folder is checked before anything else"),
                cancellationToken);
            return null;
        }
        catch (GmailApiException ex) when (ex.IsTransient)
        {
            await RetryLaterAsync(enrollment, stepNumber, ex, cancellationToken);
            return null;
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
        await RecordSentAsync(enrollment, sequence, new SentMessage(enrollment.Id, stepNumber, result.Id, threadId, rfcMessageId, now),
            $"step {stepNumber} '{step.Template.Name}' to {contact.Email}: \"{thread.Subject}\"", "sent", cancellationToken);
        Log.StepSent(_logger, enrollment.Id, stepNumber, contact.Email, threadId);
        return true;
    }

    /// <summary>
    /// Settles a send whose outcome is unknown by looking for it in the mailbox's SENT folder: recent messages to the
    /// contact, checked for our <c>X-Nudge-Send-Id</c>. Found: it is recorded as sent and the sequence goes on. Not
    /// found: the reservation is released and the step is sent again now. If Gmail cannot be asked, it is asked later;
    /// the step is never resent on a guess.
    /// </summary>
    private async Task<bool?> ReconcileAsync(Enrollment enrollment, SequenceDefinition sequence, OutboxEntry earlier, Contact contact,
        Mailbox mailbox, IGmailClient gmail, CancellationToken cancellationToken)
    {
        var step = earlier.Step;
        var now = _time.GetUtcNow();
        if (earlier.State is not (OutboxState.Sending or OutboxState.Ambiguous))
        {
            Log.StepAlreadyReserved(_logger, enrollment.Id, step);
            return false;
        }

        GmailMessage? found = null;
        try
        {
            var sendId = SendId(enrollment.Id, step);
            await ChargeReadAsync(mailbox, GmailCall.ListMessages, cancellationToken);
            var candidates = await gmail.ListMessagesAsync($"in:sent to:{contact.Email} newer_than:7d", null, false, null, MaxReconcileCandidates,
                cancellationToken);
            var ids = candidates.Messages?.Select(m => m.Id).ToList() ?? [];
            if (ids.Count > 0)
            {
                // A batch saves round trips, not quota: each part costs a messages.get.
                var charge = await _quota.TryChargeAsync(mailbox, GmailCall.GetMessage, ids.Count, cancellationToken);
                if (!charge.IsAllowed)
                {
                    throw new QuotaUnavailableException(mailbox.Email, charge.NotBefore);
                }

                foreach (var result in await gmail.BatchGetMetadataAsync(ids, ReconcileHeaders, cancellationToken))
                {
                    if (result.Error is { } error)
                    {
                        throw error;
                    }

                    if (string.Equals(result.Message?.GetHeader(MessageComposer.SendIdHeader), sendId, StringComparison.Ordinal))
                    {
                        found = result.Message;
                        break;
                    }
                }
            }
        }
        catch (GmailApiException ex)
        {
            // Not knowing is not "not sent": keep the reservation and ask again later.
            await _store.MarkSendAmbiguousAsync(enrollment.Id, step, now + _options.ReconcileDelay, cancellationToken);
            Log.ReconcileFailed(_logger, enrollment.Id, step, ex);
            return null;
        }
        catch (QuotaUnavailableException ex)
        {
            await _store.MarkSendAmbiguousAsync(enrollment.Id, step, ex.NotBefore, cancellationToken);
            return null;
        }

        if (found is null)
        {
            await _store.RetryStepLaterAsync(enrollment.Id, step, now, cancellationToken);
            await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "reconciled",
                $"step {step} is not in Gmail's SENT folder: it did not go out and is sent again"), cancellationToken);
            return null;
        }

        var sentAt = found.InternalDate is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        await RecordSentAsync(enrollment, sequence,
            new SentMessage(enrollment.Id, step, found.Id, found.ThreadId ?? found.Id, found.GetHeader("Message-ID"), sentAt),
            $"step {step} to {contact.Email} did go out (found in Gmail's SENT folder as message {found.Id})", "reconciled", cancellationToken);
        return true;
    }

    private async Task RecordSentAsync(Enrollment enrollment, SequenceDefinition sequence, SentMessage sent, string detail, string kind,
        CancellationToken cancellationToken)
    {
        var next = sequence.GetStep(sent.Step + 1);
        DateTimeOffset? nextDueAt = next is null ? null : sent.SentAt + next.Wait;
        await _store.RecordSentAsync(sent, nextDueAt, cancellationToken);
        await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, sent.SentAt, kind, detail), cancellationToken);
        if (next is null)
        {
            await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, sent.SentAt, "completed", $"all {sequence.Steps.Count} steps sent"),
                cancellationToken);
        }
    }

    /// <summary>
    /// Gmail refused the step for now and nothing went out: try again after an exponential backoff with full jitter
    /// (so that many refused steps do not come back together), never sooner than Gmail's <c>Retry-After</c>, and fail the
    /// enrollment after <see cref="WorkerOptions.MaxAttempts"/>.
    /// </summary>
    private async Task RetryLaterAsync(Enrollment enrollment, int step, GmailApiException ex, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (ex.IsSendingLimit)
        {
            // The whole mailbox is over Gmail's daily limit (a manual send the governor could not see, say): park its
            // sends until the window frees, and put this step back without counting it as the step's failure.
            var until = now + (ex.RetryAfter ?? TimeSpan.FromHours(1));
            await _store.HoldSendsUntilAsync(enrollment.MailboxId, until, cancellationToken);
            await _store.ReleaseUnsentStepAsync(enrollment.Id, step, cancellationToken);
            await _store.DeferEnrollmentAsync(enrollment.Id, until, cancellationToken);
            await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "parked",
                $"step {step}: the mailbox reached Gmail's daily sending limit; sending resumes at {until:u}"), cancellationToken);
            Log.MailboxParked(_logger, enrollment.MailboxId, until);
            return;
        }

        var attempt = enrollment.Attempts + 1;
        if (attempt >= _options.MaxAttempts)
        {
            await FailAsync(enrollment, step, $"Gmail refused the send {attempt} times; last: {ex.Message}", OutboxState.Failed, cancellationToken);
            return;
        }

        var ceiling = Math.Min(_options.RetryMaxDelay.TotalSeconds, _options.RetryBaseDelay.TotalSeconds * Math.Pow(2, attempt - 1));
        var delay = TimeSpan.FromSeconds(Random.Shared.NextDouble() * ceiling);
        if (ex.RetryAfter is { } retryAfter && retryAfter > delay)
        {
            delay = retryAfter;
        }

        await _store.RetryStepLaterAsync(enrollment.Id, step, now + delay, cancellationToken);
        await _store.AddEventAsync(new EnrollmentEvent(enrollment.Id, now, "retry",
            $"step {step}: Gmail refused it for now ({ex.Reason ?? ex.StatusCode?.ToString() ?? "no answer"}); attempt {attempt + 1} in {delay:g}"),
            cancellationToken);
        Log.StepRetry(_logger, enrollment.Id, step, attempt, delay);
    }

    /// <summary>
    /// Where the step goes. A reply needs the thread id, the thread's subject with <c>Re: </c>, and In-Reply-To and
    /// References naming the real Message-IDs Gmail gave the earlier messages: all three, or Gmail starts a new thread.
    /// </summary>
    private async Task<ThreadPlacement> ResolveThreadAsync(Enrollment enrollment, SequenceStep step, RenderedMessage body, IGmailClient gmail,
        CancellationToken cancellationToken)
    {
        var sent = (await _store.ListOutboxAsync(enrollment.Id, cancellationToken))
            .Where(o => o.GmailThreadId is not null)
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
                ?? await ReadMessageIdAsync(gmail, entry.GmailMessageId!, cancellationToken)
                ?? throw new InvalidOperationException($"Gmail message {entry.GmailMessageId} of step {entry.Step} has no Message-ID"));
        }

        return new ThreadPlacement(threadId, ThreadSubject.ForReply(inThread[0].Subject), references[^1], references);
    }

    /// <summary>The Message-ID Gmail gave a sent message; a failure to ask is thrown (a transient one retries the step later).</summary>
    private static async Task<string?> ReadMessageIdAsync(IGmailClient gmail, string gmailMessageId, CancellationToken cancellationToken)
    {
        var message = await gmail.GetMessageAsync(gmailMessageId, MessageFormat.Metadata, ["Message-ID"], cancellationToken);
        return message.GetHeader("Message-ID");
    }

    private async Task<string?> TryReadMessageIdAsync(IGmailClient gmail, string gmailMessageId, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadMessageIdAsync(gmail, gmailMessageId, cancellationToken);
        }
        catch (GmailApiException ex)
        {
            Log.MessageIdReadBackFailed(_logger, gmailMessageId, ex);
            return null;
        }
    }

    private async Task ChargeReadAsync(Mailbox mailbox, GmailCall call, CancellationToken cancellationToken)
    {
        var decision = await _quota.TryChargeAsync(mailbox, call, 1, cancellationToken);
        if (!decision.IsAllowed)
        {
            throw new QuotaUnavailableException(mailbox.Email, decision.NotBefore);
        }
    }

    /// <summary>
    /// Counts a message the user sent from the mailbox without Nudge toward its daily limit. Free in API units: the
    /// history entry carries the labels, and "is it ours" is the outbox. A send of another worker not recorded yet is
    /// stored too, and stops counting once that worker records it (the window query leaves out ids the outbox owns).
    /// </summary>
    private async Task RecordManualSendAsync(Mailbox mailbox, GmailMessage added, CancellationToken cancellationToken)
    {
        if (!added.HasLabel(SentLabel) || await _store.IsOwnMessageAsync(mailbox.Id, added.Id, cancellationToken))
        {
            return;
        }

        // The history does not say when it was sent; it was at or before now, so counting it from now keeps it in the
        // window at least as long as Gmail does.
        await _store.RecordManualSendAsync(mailbox.Id, added.Id, _time.GetUtcNow(), cancellationToken);
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
