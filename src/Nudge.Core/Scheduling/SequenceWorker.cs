using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
using Nudge.Core.Rules;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;
using Nudge.Core.Unsubscribe;

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
public sealed partial class SequenceWorker
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
    private readonly DateTimeOffset _startedAt;
    private IReadOnlyList<long> _held = [];
    private DateTimeOffset? _heldAt;
    private readonly HashSet<long> _unsynced = [];
    private DateTimeOffset? _syncedAt;

    /// <param name="store">Where the enrollments, the outbox and the mailboxes are.</param>
    /// <param name="sequences">The sequences the enrollments follow.</param>
    /// <param name="gmail">Reaches each mailbox's Gmail.</param>
    /// <param name="timeProvider">The clock: every due time, lease and wait is on it.</param>
    /// <param name="options">Batch size, leases, pacing, push, public URL.</param>
    /// <param name="logger">Where the worker says what it does.</param>
    /// <param name="rules">The inbound rules that answer new mail (none by default).</param>
    public SequenceWorker(IEngineStore store, SequenceCatalog sequences, IGmailClientFactory gmail, TimeProvider timeProvider,
        WorkerOptions? options = null, ILogger<SequenceWorker>? logger = null, IReadOnlyList<InboundRule>? rules = null)
    {
        _rules = rules ?? [];
        _ruleHeaders = [.. GuardHeaders.Concat(_rules.SelectMany(r => r.Match.Headers.Keys)).Distinct(StringComparer.OrdinalIgnoreCase)];
        _unsubscriber = new Unsubscriber(store, timeProvider, logger);
        _enroller = new Enroller(store, sequences, gmail, timeProvider);
        _store = store;
        _sequences = sequences;
        _gmail = gmail;
        _time = timeProvider;
        _templates = new TemplateEngine(timeProvider);
        _options = options ?? new WorkerOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _quota = new QuotaGovernor(store, timeProvider, _options.Quota);
        _startedAt = timeProvider.GetUtcNow();
    }

    /// <summary>This worker's id: its sends and mailbox leases carry it.</summary>
    public string WorkerId => _options.WorkerId;

    /// <summary>
    /// Runs cycles until cancelled, waiting <see cref="WorkerOptions.PollInterval"/> between them, or less when
    /// <see cref="Wake"/> is called.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await RunCycleAsync(cancellationToken);
            await WaitForWorkAsync(_options.PollInterval, cancellationToken);
        }
    }

    /// <summary>Reads replies, sends every due step, then reads replies again, in the mailboxes this worker holds.</summary>
    public async Task<WorkerCycleResult> RunCycleAsync(CancellationToken cancellationToken)
    {
        var stopped = await SyncRepliesAsync(cancellationToken);
        var (sent, failed) = await SendDueAsync(cancellationToken);
        if (sent + failed > 0)
        {
            // Read again after sending, so that the checkpoint passes our own messages and a reply that came meanwhile
            // stops its enrollment now. A cycle that sent nothing has nothing to pass: the next cycle's first read
            // covers it, and an idle cycle costs one history.list (2 units) instead of two.
            stopped += await SyncRepliesAsync(cancellationToken);
        }

        return new WorkerCycleResult(sent, failed, stopped);
    }

    /// <summary>Whether no enrollment can send anymore: each one ended, or is paused (itself, its sequence or its mailbox).</summary>
    public async Task<bool> IsDoneAsync(CancellationToken cancellationToken) =>
        await _store.CountOpenEnrollmentsAsync(cancellationToken) == 0;

    /// <summary>Gives up this worker's mailboxes, so that another worker takes them at once rather than after the lease.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await _store.ReleaseMailboxesAsync(WorkerId, null, cancellationToken);
        _held = [];
        _heldAt = null;
    }

    /// <summary>
    /// Says the worker is alive and takes its fair share of the active mailboxes (all of them when it works alone):
    /// those it held first, then free ones and those of dead workers. One mailbox is read and sent from by one worker
    /// at a time, so that its pacing holds; mailboxes over its share are given back for a newcomer to take.
    /// </summary>
    private async Task<IReadOnlyList<long>> HoldMailboxesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();

        // Renewing costs a few writes; a third of the lease (and of the heartbeat timeout) leaves ample margin.
        var renewEvery = TimeSpan.FromTicks(Math.Min(_options.Lease.Ticks, _options.WorkerTimeout.Ticks) / 3);
        if (_heldAt is { } heldAt && now >= heldAt && now - heldAt < renewEvery)
        {
            return _held;
        }

        _heldAt = now;
        await _store.HeartbeatAsync(WorkerId, Environment.MachineName, Environment.ProcessId, _startedAt, now, cancellationToken);
        var active = (await _store.ListMailboxesAsync(cancellationToken)).Count(m => m.Status == MailboxStatus.Active);
        if (active == 0)
        {
            _held = [];
            _heldAt = null;
            return _held;
        }

        var live = Math.Max(1, await _store.CountLiveWorkersAsync(now - _options.WorkerTimeout, cancellationToken));
        var share = (active + live - 1) / live;
        var held = await _store.AcquireMailboxesAsync(WorkerId, now, now + _options.Lease, share, cancellationToken);
        var dropped = _held.Except(held).ToList();
        if (dropped.Count > 0)
        {
            await _store.ReleaseMailboxesAsync(WorkerId, dropped, cancellationToken);
        }

        _held = held;
        Log.MailboxesHeld(_logger, WorkerId, held.Count);
        return held;
    }

    /// <summary>Claims and sends the steps due now, batch after batch, until none is due.</summary>
    /// <returns>How many steps were sent and how many failed.</returns>
    public async Task<(int Sent, int Failed)> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var failed = 0;
        var batches = 0;
        while (true)
        {
            var held = await HoldMailboxesAsync(cancellationToken);
            if (batches++ > 0 && (_syncedAt is not { } syncedAt || _time.GetUtcNow() - syncedAt >= _options.BatchResyncInterval))
            {
                // Between batches, read the mailboxes again once the last read is BatchResyncInterval old: a reply that
                // arrived meanwhile stops its enrollment before its next step is claimed, and the history checkpoint each
                // reservation records stays recent, which keeps reconciliation short. Not after every batch: that would
                // cost a history call per mailbox per batch, more than the sends themselves with many mailboxes.
                await SyncRepliesAsync(cancellationToken);
            }

            // A mailbox whose history could not be read this cycle sends nothing: a reply may be waiting there unseen.
            var sendable = held.Where(id => !_unsynced.Contains(id)).ToList();
            var now = _time.GetUtcNow();
            var claimed = await _store.ClaimDueAsync(now, _options.BatchSize, _options.Lease, sendable, cancellationToken);
            if (claimed.Count == 0)
            {
                return (sent, failed);
            }

            // The claim and the mailboxes are this worker's for one lease. Past half of it the rest of the batch is handed
            // back rather than sent late, when another worker may already have taken the mailbox over.
            var handBackAt = now + (_options.Lease / 2);
            for (var i = 0; i < claimed.Count; i++)
            {
                var enrollment = claimed[i];
                if (_time.GetUtcNow() >= handBackAt || !(await HoldMailboxesAsync(cancellationToken)).Contains(enrollment.MailboxId))
                {
                    foreach (var unsent in claimed.Skip(i))
                    {
                        await _store.DeferEnrollmentAsync(unsent.Id, unsent.DueAt ?? now, cancellationToken);
                    }

                    break;
                }

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

        // Checked again just before the send: the address (or its domain) may have been suppressed since enrollment.
        if (await _store.FindSuppressionAsync(contact.Email, cancellationToken) is { } suppression)
        {
            await StopAsync(enrollment, EnrollmentStatus.Suppressed,
                $"{contact.Email} is on the suppression list ({suppression.Value}: {suppression.Reason})", "suppressed", "none", cancellationToken);
            return false;
        }

        // The contact's fields may have changed since the step was scheduled (an import, the API), and a resumed or
        // retried step may now fall outside its window: the schedule is checked once more against now.
        switch (await RecheckStepAsync(enrollment, sequence, step, contact, mailbox, now, cancellationToken))
        {
            case StepRecheck.Skipped:
                return null;
            case StepRecheck.Deferred:
                return null;
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

        var thread = await ResolveThreadAsync(enrollment, mailbox, step, body, gmail, cancellationToken);
        var localMessageId = MessageComposer.NewMessageId(mailbox.Email);

        // Built before the reservation: a failure here (the key's first creation) must leave no send in doubt.
        var listUnsubscribe = await ListUnsubscribeForAsync(mailbox, enrollment.Id, cancellationToken);

        // The mailbox's checkpoint is at or before this instant: if the send's outcome turns out unknown, the history
        // from there holds the message if it went out (reconciliation, docs/exactly-once.md).
        var reservation = new OutboxEntry(enrollment.Id, stepNumber, mailbox.Id, OutboxState.Sending, localMessageId, thread.Subject, now,
            WorkerId: WorkerId, HistoryCheckpoint: mailbox.HistoryCheckpoint);
        if (!await _store.TryReserveSendAsync(reservation, cancellationToken))
        {
            Log.StepAlreadyReserved(_logger, enrollment.Id, stepNumber);
            return null;
        }

        var mime = MessageComposer.Compose(new OutgoingMessage(
            mailbox.DisplayName, mailbox.Email, DisplayName(contact), contact.Email, thread.Subject, body, localMessageId, now,
            thread.InReplyTo, thread.References, SendId(enrollment.Id, stepNumber))
        {
            ListUnsubscribe = listUnsubscribe,
        });

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
        await RecordSentAsync(enrollment, sequence, contact, mailbox, new SentMessage(enrollment.Id, stepNumber, result.Id, threadId, rfcMessageId, now),
            $"step {stepNumber} '{step.Template.Name}' to {contact.Email}: \"{thread.Subject}\"", "sent", cancellationToken);
        Log.StepSent(_logger, enrollment.Id, stepNumber, contact.Email, threadId);
        return true;
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
        while (true)
        {
            var decision = await _quota.TryChargeAsync(mailbox, call, 1, cancellationToken);
            if (decision.IsAllowed)
            {
                return;
            }

            if (!_waitForReadUnits)
            {
                throw new QuotaUnavailableException(mailbox.Email, decision.NotBefore);
            }

            // A full sync waits for its units rather than give up: started over, it would pay for the same reads again.
            var wait = decision.NotBefore - _time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(10), _time, cancellationToken);
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
        // window at least as long as Gmail does. A message read in full (a full sync) says when, and is counted from then.
        var now = _time.GetUtcNow();
        var sentAt = added.InternalDate is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        await _store.RecordManualSendAsync(mailbox.Id, added.Id, sentAt < now ? sentAt : now, cancellationToken);
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

}
