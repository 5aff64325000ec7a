using System.Net;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;

namespace Nudge.Core.Scheduling;

// Where a step goes (its thread), and how a send whose outcome is unknown is settled before anything is sent again.
public sealed partial class SequenceWorker
{
    private static readonly string[] ThreadHeaders = ["Message-ID", "Subject"];

    // Longer than any send can take (the Gmail client's timeout is 100 s): nothing sent after reservation + this is it.
    private static readonly TimeSpan MaxSendDuration = TimeSpan.FromMinutes(10);

    private const int ReconcileBatchSize = 20;

    /// <summary>
    /// Settles a send whose outcome is unknown by looking for the step's <c>X-Nudge-Send-Id</c> among the messages the
    /// mailbox sent since the history checkpoint taken before the send (or, when that history is gone, among its recent
    /// SENT messages to the contact). Found: it is recorded as sent and the sequence goes on. Not found: the reservation
    /// is released and the step is sent again. If Gmail cannot be asked, it is asked later; the step is never resent on
    /// a guess. The protocol and its proof: docs/exactly-once.md.
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

        GmailMessage? found;
        try
        {
            var sendId = SendId(enrollment.Id, step);
            if (earlier.HistoryCheckpoint is { } checkpoint && await SentSinceAsync(mailbox, gmail, checkpoint, cancellationToken) is { } sentSince)
            {
                // Messages the outbox already owns are other steps' sends: only the rest can be this one, so the search
                // costs the sends of unknown outcome, not every send since the checkpoint. Oldest first: the step was
                // sent (if at all) right after its reservation, and a message Gmail dated after any send of ours could
                // have ended ends the search.
                var own = await _store.ListOwnMessageIdsAsync(mailbox.Id, sentSince, cancellationToken);
                var unknown = sentSince.Where(id => !own.Contains(id)).ToList();
                found = await FindBySendIdAsync(mailbox, gmail, unknown, sendId, earlier.ReservedAt + MaxSendDuration, cancellationToken);
            }
            else
            {
                var recent = await RecentSentToAsync(mailbox, gmail, contact, cancellationToken);
                found = await FindBySendIdAsync(mailbox, gmail, recent, sendId, null, cancellationToken);
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
            await AddEventAsync(enrollment.Id, "reconciled",
                $"step {step} is not among the mailbox's sent messages: it did not go out and is sent again", cancellationToken);
            return null;
        }

        var sentAt = found.InternalDate is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        await RecordSentAsync(enrollment, sequence, contact, mailbox,
            new SentMessage(enrollment.Id, step, found.Id, found.ThreadId ?? found.Id, found.GetHeader("Message-ID"), sentAt),
            $"step {step} to {contact.Email} did go out (found among the sent messages as {found.Id})", "reconciled", cancellationToken);
        return true;
    }

    /// <summary>
    /// The ids of the messages added to SENT since <paramref name="checkpoint"/>, from the history: exact and free of
    /// the search index's lag. <see langword="null"/> when Gmail no longer has that history (404).
    /// </summary>
    private async Task<IReadOnlyList<string>?> SentSinceAsync(Mailbox mailbox, IGmailClient gmail, ulong checkpoint, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? pageToken = null;
        do
        {
            await ChargeReadAsync(mailbox, GmailCall.ListHistory, cancellationToken);
            GmailHistoryList page;
            try
            {
                page = await gmail.ListHistoryAsync(checkpoint, [GmailHistoryType.MessageAdded], SentLabel, pageToken, cancellationToken);
            }
            catch (GmailApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            ids.AddRange(page.History?.SelectMany(h => h.MessagesAdded ?? []).Select(a => a.Message.Id) ?? []);
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The fallback: the mailbox's recent SENT messages to the contact, through search.</summary>
    private async Task<IReadOnlyList<string>> RecentSentToAsync(Mailbox mailbox, IGmailClient gmail, Contact contact, CancellationToken cancellationToken)
    {
        await ChargeReadAsync(mailbox, GmailCall.ListMessages, cancellationToken);
        var list = await gmail.ListMessagesAsync($"in:sent to:{contact.Email} newer_than:7d", null, false, null, MaxReconcileCandidates,
            cancellationToken);
        return list.Messages?.Select(m => m.Id).ToList() ?? [];
    }

    // notAfter: when set, the ids are in sending order, and a message Gmail dated after that instant ends the search (the
    // step's send, had it happened, was over by then).
    private async Task<GmailMessage?> FindBySendIdAsync(Mailbox mailbox, IGmailClient gmail, IReadOnlyList<string> ids, string sendId,
        DateTimeOffset? notAfter, CancellationToken cancellationToken)
    {
        // Small batches first: the message looked for is usually among the first few.
        foreach (var chunk in ids.Chunk(ReconcileBatchSize))
        {
            // A batch saves round trips, not quota: each part costs a messages.get.
            var charge = await _quota.TryChargeAsync(mailbox, GmailCall.GetMessage, chunk.Length, cancellationToken);
            if (!charge.IsAllowed)
            {
                throw new QuotaUnavailableException(mailbox.Email, charge.NotBefore);
            }

            foreach (var result in await gmail.BatchGetMetadataAsync(chunk, ReconcileHeaders, cancellationToken))
            {
                if (result.Error is { } error)
                {
                    throw error;
                }

                if (string.Equals(result.Message?.GetHeader(MessageComposer.SendIdHeader), sendId, StringComparison.Ordinal))
                {
                    return result.Message;
                }

                if (notAfter is { } limit && result.Message?.InternalDate is { } ms && DateTimeOffset.FromUnixTimeMilliseconds(ms) > limit)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private async Task RecordSentAsync(Enrollment enrollment, SequenceDefinition sequence, Contact contact, Mailbox mailbox, SentMessage sent,
        string detail, string kind, CancellationToken cancellationToken)
    {
        var next = ScheduleAfter(sequence, sent.Step, sent.SentAt, contact, mailbox);
        await _store.RecordSentAsync(sent, next.StepNumber ?? sequence.Steps.Count + 1, next.Due, cancellationToken);
        await AddEventAsync(enrollment.Id, kind, detail, sent.SentAt, cancellationToken);
        foreach (var skipped in next.Skipped)
        {
            await AddEventAsync(enrollment.Id, "skipped", $"step {skipped.StepNumber}: {skipped.Reason}", sent.SentAt, cancellationToken);
        }

        if (next.Problem is { } problem)
        {
            // The next step cannot be scheduled (its date field is missing, the contact's zone is unknown): the enrollment
            // stops there with the reason, rather than guessing a date.
            var failedStep = next.StepNumber ?? sent.Step + 1;
            await FailAsync(enrollment with { NextStep = failedStep }, failedStep, problem, null, cancellationToken);
        }
        else if (next.Due is null)
        {
            await AddEventAsync(enrollment.Id, "completed", $"all {sequence.Steps.Count} steps done", sent.SentAt, cancellationToken);
        }
    }

    /// <summary>
    /// Where the step goes. A reply needs the thread id, the thread's subject with <c>Re: </c>, and In-Reply-To and
    /// References naming the real Message-IDs of the thread's messages: all three, or Gmail starts a new thread. A
    /// thread Nudge started is known from the outbox; a thread it did not start (an invoice) is read from Gmail.
    /// </summary>
    private async Task<ThreadPlacement> ResolveThreadAsync(Enrollment enrollment, Mailbox mailbox, SequenceStep step, RenderedMessage body,
        IGmailClient gmail, CancellationToken cancellationToken)
    {
        if (step.Thread == ThreadMode.New)
        {
            return new ThreadPlacement(null, body.Subject!, null, []);
        }

        if (enrollment.ExternalThread && enrollment.ThreadId is { } externalThread)
        {
            return await ReadThreadAsync(mailbox, gmail, externalThread, cancellationToken);
        }

        var sent = (await _store.ListOutboxAsync(enrollment.Id, cancellationToken))
            .Where(o => o.GmailThreadId is not null)
            .ToList();
        if (sent.Count == 0)
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

    /// <summary>The thread's subject and every Message-ID in it, oldest first, from Gmail (one threads.get).</summary>
    private async Task<ThreadPlacement> ReadThreadAsync(Mailbox mailbox, IGmailClient gmail, string threadId, CancellationToken cancellationToken)
    {
        await ChargeReadAsync(mailbox, GmailCall.GetThread, cancellationToken);
        var thread = await gmail.GetThreadAsync(threadId, MessageFormat.Metadata, ThreadHeaders, cancellationToken);
        var messages = thread.Messages ?? [];
        var references = messages.Select(m => m.GetHeader("Message-ID")).OfType<string>().ToList();
        var subject = messages.Select(m => m.GetHeader("Subject")).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? "";
        return new ThreadPlacement(threadId, ThreadSubject.ForReply(subject), references.LastOrDefault(), references);
    }

    private Task AddEventAsync(long enrollmentId, string kind, string detail, DateTimeOffset at, CancellationToken cancellationToken) =>
        _store.AddEventAsync(new EnrollmentEvent(enrollmentId, at, kind, detail), cancellationToken);

    private sealed record ThreadPlacement(string? ThreadId, string Subject, string? InReplyTo, IReadOnlyList<string> References);
}
