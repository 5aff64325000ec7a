using System.Globalization;
using System.Net;
using MimeKit;
using Nudge.Core.Abstractions;
using Nudge.Core.Classification;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
using Nudge.Core.Sequences;
using Nudge.Core.Unsubscribe;

namespace Nudge.Core.Scheduling;

// Reading the mailboxes: what arrived since the checkpoint, what it is, and what it does to the enrollments (the
// sequence's stop rules).
public sealed partial class SequenceWorker
{
    private static readonly string[] SenderHeaders = ["From", "Subject", MessageComposer.SendIdHeader, "Content-Type", "Auto-Submitted"];

    /// <summary>
    /// Reads the new history of every mailbox this worker holds and applies each sequence's stop rules to what arrived:
    /// the contact's reply (from any of its addresses), a teammate's manual reply, a bounce, an unsubscribe request,
    /// an out-of-office reply.
    /// </summary>
    /// <returns>How many enrollments were stopped.</returns>
    public async Task<int> SyncRepliesAsync(CancellationToken cancellationToken)
    {
        // When this read started: what arrived after it is read by the next one.
        _syncedAt = _time.GetUtcNow();
        var held = (await HoldMailboxesAsync(cancellationToken)).ToHashSet();
        var stopped = 0;
        foreach (var mailbox in await _store.ListMailboxesAsync(cancellationToken))
        {
            if (mailbox.Status == MailboxStatus.Paused || !held.Contains(mailbox.Id))
            {
                continue;
            }

            // Marked until its read succeeds: SendDueAsync sends nothing from a mailbox whose replies are unknown.
            _unsynced.Add(mailbox.Id);
            try
            {
                stopped += await SyncMailboxAsync(mailbox, cancellationToken);
                _unsynced.Remove(mailbox.Id);
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
                // No units for the reads now: the checkpoint stays, and the next cycle reads from it. Its sends are not
                // held back: they need a hundred times the units, so the governor holds them anyway until there are some.
                _unsynced.Remove(mailbox.Id);
                Log.SyncDeferred(_logger, mailbox.Email, ex.NotBefore);
            }
        }

        return stopped;
    }

    private async Task<int> SyncMailboxAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        var gmail = _gmail.Create(mailbox);
        await RenewWatchAsync(mailbox, gmail, cancellationToken);
        if (mailbox.HistoryCheckpoint is not { } checkpoint)
        {
            // Nothing sent from this mailbox can predate its first checkpoint, so starting from "now" misses nothing.
            await ChargeReadAsync(mailbox, GmailCall.GetProfile, cancellationToken);
            var profile = await gmail.GetProfileAsync(cancellationToken);
            await _store.SetHistoryCheckpointAsync(mailbox.Id, profile.HistoryId, _time.GetUtcNow(), cancellationToken);
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
                return stopped + await FullSyncAsync(mailbox, gmail, cancellationToken);
            }

            var messages = page.History?.SelectMany(h => h.MessagesAdded ?? []).Select(a => a.Message).ToList() ?? [];

            // Most of what a sending mailbox's history holds is Nudge's own sends: one query for the page leaves them
            // out, rather than two per message. One recorded by another worker after this query is still checked one by one
            // below, as before.
            var own = messages.Count == 0 ? null : await _store.ListOwnMessageIdsAsync(mailbox.Id, [.. messages.Select(m => m.Id)], cancellationToken);
            foreach (var added in messages.Where(m => own is null || !own.Contains(m.Id)))
            {
                await RecordManualSendAsync(mailbox, added, cancellationToken);
                stopped += await HandleAddedMessageAsync(mailbox, gmail, added, cancellationToken);
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        await _store.SetHistoryCheckpointAsync(mailbox.Id, page.HistoryId, _time.GetUtcNow(), cancellationToken);
        await SendRuleRepliesAsync(mailbox, gmail, cancellationToken);
        return stopped;
    }

    /// <summary>
    /// Gmail keeps a mailbox's history for about a week; a checkpoint older than that answers 404 (a worker stopped for
    /// days, a long-paused mailbox). The messages since the last sync are then read from a search, bounded by
    /// <see cref="WorkerOptions.FullSyncLimit"/>, and the history resumes from a checkpoint taken before the search, so
    /// that nothing arriving meanwhile is missed. A message seen twice (the search overlaps the last sync by an hour)
    /// changes nothing the second time: a stopped enrollment stays stopped, a rule answers a message once.
    /// </summary>
    private async Task<int> FullSyncAsync(Mailbox mailbox, IGmailClient gmail, CancellationToken cancellationToken)
    {
        _waitForReadUnits = true;
        try
        {
            return await ReadSinceLastSyncAsync(mailbox, gmail, cancellationToken);
        }
        finally
        {
            _waitForReadUnits = false;
        }
    }

    private async Task<int> ReadSinceLastSyncAsync(Mailbox mailbox, IGmailClient gmail, CancellationToken cancellationToken)
    {
        await ChargeReadAsync(mailbox, GmailCall.GetProfile, cancellationToken);
        var profile = await gmail.GetProfileAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var since = (mailbox.HistorySyncedAt ?? now - TimeSpan.FromDays(7)) - TimeSpan.FromHours(1);
        var query = string.Create(CultureInfo.InvariantCulture, $"after:{since.ToUnixTimeSeconds()}");
        var found = new List<GmailMessage>();
        string? pageToken = null;
        do
        {
            await ChargeReadAsync(mailbox, GmailCall.ListMessages, cancellationToken);
            var page = await gmail.ListMessagesAsync(query, null, false, pageToken, Math.Min(500, _options.FullSyncLimit - found.Count), cancellationToken);
            found.AddRange(page.Messages ?? []);
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null && found.Count < _options.FullSyncLimit);

        if (pageToken is not null)
        {
            // The newest FullSyncLimit messages are read; the older ones, closest to the last sync, are not.
            Log.FullSyncTruncated(_logger, mailbox.Email, _options.FullSyncLimit, since);
        }

        var own = await _store.ListOwnMessageIdsAsync(mailbox.Id, [.. found.Select(m => m.Id)], cancellationToken);
        var stopped = 0;

        // Oldest first, as the history would have given them: a reply is seen before a later teammate's message.
        foreach (var listed in Enumerable.Reverse(found).Where(m => !own.Contains(m.Id)))
        {
            // The search gives ids only; the labels (SENT, DRAFT) come with the headers, the very headers the handler
            // reads for a message outside the tracked threads, so it reads them once.
            await ChargeReadAsync(mailbox, GmailCall.GetMessage, cancellationToken);
            var message = await gmail.GetMessageAsync(listed.Id, MessageFormat.Metadata, HeadersToRead(mailbox), cancellationToken);
            await RecordManualSendAsync(mailbox, message, cancellationToken);
            stopped += await HandleAddedMessageAsync(mailbox, gmail, message, cancellationToken, head: message);
        }

        await _store.SetHistoryCheckpointAsync(mailbox.Id, profile.HistoryId, now, cancellationToken);
        Log.FullSync(_logger, mailbox.Email, found.Count, since);
        await SendRuleRepliesAsync(mailbox, gmail, cancellationToken);
        return stopped;
    }

    /// <returns>How many enrollments the message stopped.</returns>
    /// <param name="mailbox">The mailbox it arrived in.</param>
    /// <param name="gmail">The mailbox's client.</param>
    /// <param name="added">The message as the history (or a search) gave it.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <param name="head">Its metadata with <see cref="HeadersToRead"/>, when already read.</param>
    private async Task<int> HandleAddedMessageAsync(Mailbox mailbox, IGmailClient gmail, GmailMessage added, CancellationToken cancellationToken,
        GmailMessage? head = null)
    {
        if (added.HasLabel("DRAFT") || await _store.IsOwnMessageAsync(mailbox.Id, added.Id, cancellationToken))
        {
            return 0;
        }

        var inThread = added.ThreadId is null
            ? null
            : await _store.FindEnrollmentByThreadAsync(mailbox.Id, added.ThreadId, cancellationToken);
        if (added.HasLabel(SentLabel))
        {
            // From the mailbox itself: a teammate's manual reply in a tracked thread, or the user's own mail elsewhere.
            return inThread is { IsActive: true } ? await OnTeammateMessageAsync(mailbox, gmail, added, inThread, head, cancellationToken) : 0;
        }

        if (inThread is { IsActive: true })
        {
            var (gmailMessage, message) = await ReadRawAsync(mailbox, gmail, added.Id, cancellationToken);
            if (PredatesEnrollment(inThread, gmailMessage))
            {
                return 0;
            }

            if (await TryUnsubscribeByMailAsync(added.Id, message.Subject, cancellationToken) is { } unsubscribed)
            {
                return unsubscribed;
            }

            return await ApplyAsync(mailbox, [inThread], added.Id, message, InboundClassifier.Classify(message), cancellationToken);
        }

        if (inThread is not null)
        {
            return 0;
        }

        // Outside every tracked thread: the contact writing from another address or in a new thread, a bounce that
        // Gmail did not thread, an unsubscribe mail, or new mail an inbound rule may answer. Only the headers are read
        // first (metadata), the whole message only when it may matter.
        var rules = RulesOf(mailbox);
        if (head is null)
        {
            await ChargeReadAsync(mailbox, GmailCall.GetMessage, cancellationToken);
            head = await gmail.GetMessageAsync(added.Id, MessageFormat.Metadata, HeadersToRead(mailbox), cancellationToken);
        }

        if (head.GetHeader(MessageComposer.SendIdHeader) is not null)
        {
            return 0;
        }

        if (await TryUnsubscribeByMailAsync(added.Id, head.GetHeader("Subject"), cancellationToken) is { } byMail)
        {
            return byMail;
        }

        var (concerned, stopped) = await ApplyToContactAsync(mailbox, gmail, added.Id, head, cancellationToken);
        if (!concerned && rules.Count > 0)
        {
            // Not an answer to a sequence: new mail, which an inbound rule may answer.
            await MatchRulesAsync(mailbox, gmail, head, rules, cancellationToken);
        }

        return stopped;
    }

    /// <summary>
    /// A message outside the tracked threads, applied to the enrollments of the contact who sent it (or whose address
    /// bounced) in this mailbox.
    /// </summary>
    /// <returns>Whether the message concerned an active enrollment, and how many it stopped.</returns>
    /// <summary>The headers read of a message outside the tracked threads: the sender's, and the rules' when it has rules.</summary>
    private IReadOnlyList<string> HeadersToRead(Mailbox mailbox) => RulesOf(mailbox).Count > 0 ? _ruleHeaders : SenderHeaders;

    private async Task<(bool Concerned, int Stopped)> ApplyToContactAsync(Mailbox mailbox, IGmailClient gmail, string messageId, GmailMessage head,
        CancellationToken cancellationToken)
    {
        var sender = SenderAddress(head.GetHeader("From"));
        var contact = sender is null ? null : await _store.FindContactByAddressAsync(sender, cancellationToken);
        var mayBeBounce = (head.GetHeader("Content-Type")?.Contains("report", StringComparison.OrdinalIgnoreCase) ?? false)
            || (sender?.StartsWith("mailer-daemon@", StringComparison.Ordinal) ?? false)
            || (sender?.StartsWith("postmaster@", StringComparison.Ordinal) ?? false);
        if (contact is null && !mayBeBounce)
        {
            return (false, 0);
        }

        if (contact is not null && !await HasActiveEnrollmentAsync(contact.Id, mailbox.Id, cancellationToken) && !mayBeBounce)
        {
            // A known person with nothing running from this mailbox: nothing to stop, and no reason to read the body.
            return (false, 0);
        }

        var (_, raw) = await ReadRawAsync(mailbox, gmail, messageId, cancellationToken);
        var classification = InboundClassifier.Classify(raw);
        if (contact is null && classification.FailedRecipient is { } failed)
        {
            contact = await _store.FindContactByAddressAsync(failed, cancellationToken);
        }

        if (contact is null)
        {
            return (false, 0);
        }

        var enrollments = (await _store.ListEnrollmentsForContactAsync(contact.Id, cancellationToken))
            .Where(e => e.IsActive && e.MailboxId == mailbox.Id)
            .ToList();
        return enrollments.Count == 0
            ? (false, 0)
            : (true, await ApplyAsync(mailbox, enrollments, messageId, raw, classification, cancellationToken));
    }

    private async Task<bool> HasActiveEnrollmentAsync(long contactId, long mailboxId, CancellationToken cancellationToken) =>
        (await _store.ListEnrollmentsForContactAsync(contactId, cancellationToken)).Any(e => e.IsActive && e.MailboxId == mailboxId);

    /// <summary>
    /// A mail to our <c>List-Unsubscribe</c> mailto: its subject carries the signed token of the enrollment it came
    /// from, which names the contact whatever address the mail was sent from.
    /// </summary>
    /// <returns>How many enrollments it stopped, or <see langword="null"/> when the subject holds no valid token.</returns>
    private async Task<int?> TryUnsubscribeByMailAsync(string messageId, string? subject, CancellationToken cancellationToken)
    {
        if (!UnsubscribeLinks.TryReadMailtoSubject(subject, out var token))
        {
            return null;
        }

        var key = await UnsubscribeKeyAsync(cancellationToken);
        if (!UnsubscribeToken.TryVerify(token, key, out var enrollmentId))
        {
            return null;
        }

        var outcome = await _unsubscriber.UnsubscribeAsync(enrollmentId, Unsubscriber.MailtoSource, cancellationToken);
        Log.UnsubscribedByMail(_logger, messageId, outcome.Status, outcome.Address);
        return outcome.StoppedEnrollmentIds.Count;
    }

    private async Task<int> OnTeammateMessageAsync(Mailbox mailbox, IGmailClient gmail, GmailMessage added, Enrollment enrollment,
        GmailMessage? head, CancellationToken cancellationToken)
    {
        // The sender and the send id are among the headers a full sync already read.
        var message = head;
        if (message is null)
        {
            await ChargeReadAsync(mailbox, GmailCall.GetMessage, cancellationToken);
            message = await gmail.GetMessageAsync(added.Id, MessageFormat.Metadata, ReplyHeaders, cancellationToken);
        }

        if (message.GetHeader(MessageComposer.SendIdHeader) is not null || PredatesEnrollment(enrollment, message))
        {
            // Ours, sent by another worker that has not recorded it yet; or the thread's own past (the invoice itself).
            return 0;
        }

        var rules = StopRulesOf(enrollment);
        var reason = $"a teammate replied by hand from {mailbox.Email}";
        if (!rules.OnTeammateReply)
        {
            await AddEventAsync(enrollment.Id, "teammate-replied", $"{reason} (message {added.Id}); the sequence goes on, as it says", cancellationToken);
            return 0;
        }

        return await StopAsync(enrollment, EnrollmentStatus.StoppedByTeammate, reason, "teammate-replied", added.Id, cancellationToken) ? 1 : 0;
    }

    /// <summary>Applies one classified inbound message to the enrollments it concerns, by their sequences' stop rules.</summary>
    private async Task<int> ApplyAsync(Mailbox mailbox, IReadOnlyList<Enrollment> enrollments, string messageId, MimeMessage message,
        InboundClassification classification, CancellationToken cancellationToken)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "an unknown sender";
        var evidence = classification.Evidence.Count > 0 ? $" [{string.Join("; ", classification.Evidence.Take(3))}]" : "";
        var stopped = 0;
        foreach (var enrollment in enrollments)
        {
            var rules = StopRulesOf(enrollment);
            var contact = await _store.GetContactAsync(enrollment.ContactId, cancellationToken);
            switch (classification.Category)
            {
                case InboundCategory.HumanReply when rules.OnReply:
                    stopped += await StopAsync(enrollment, EnrollmentStatus.Replied, $"reply from {from}", "replied", messageId, cancellationToken) ? 1 : 0;
                    break;

                case InboundCategory.BounceHard when rules.OnBounce:
                    var failed = classification.FailedRecipient ?? contact?.Email ?? from;
                    await SuppressAsync(failed, $"hard bounce ({classification.Status ?? "no status"}) of enrollment {enrollment.Id}", cancellationToken);
                    stopped += await StopAsync(enrollment, EnrollmentStatus.Bounced,
                        $"{failed} bounced: {classification.Status} {classification.Diagnostic}".TrimEnd(), "bounced", messageId, cancellationToken) ? 1 : 0;
                    break;

                case InboundCategory.UnsubscribeRequest when rules.OnUnsubscribe:
                    var address = contact?.Email ?? from;
                    await SuppressAsync(address, $"unsubscribe request from {from}", cancellationToken);
                    stopped += await StopAsync(enrollment, EnrollmentStatus.Unsubscribed, $"{from} asked to be removed", "unsubscribed", messageId,
                        cancellationToken) ? 1 : 0;
                    break;

                case InboundCategory.AutoReply when rules.OutOfOffice == OutOfOfficeAction.Stop:
                    stopped += await StopAsync(enrollment, EnrollmentStatus.OutOfOffice, $"out-of-office reply from {from}", "out-of-office", messageId,
                        cancellationToken) ? 1 : 0;
                    break;

                case InboundCategory.AutoReply when rules.OutOfOffice == OutOfOfficeAction.Delay:
                    await DelayForOutOfOfficeAsync(mailbox, enrollment, contact, classification.ReturnDate, from, cancellationToken);
                    break;

                default:
                    // Not a reason to stop by this sequence's rules (a soft bounce, an automated notice, a rule turned off):
                    // the timeline says what arrived and why nothing changed.
                    await AddEventAsync(enrollment.Id, "inbound",
                        $"{Describe(classification.Category)} from {from} (message {messageId}); the sequence goes on{evidence}", cancellationToken);
                    Log.InboundIgnored(_logger, enrollment.Id, classification.Category, from);
                    break;
            }
        }

        return stopped;
    }

    private async Task DelayForOutOfOfficeAsync(Mailbox mailbox, Enrollment enrollment, Contact? contact, DateOnly? returnDate, string from,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_sequences.Find(enrollment.SequenceName) is not { } sequence || contact is null
            || await _store.GetEnrollmentAsync(enrollment.Id, cancellationToken) is not { IsActive: true, DueAt: { } due } current)
        {
            return;
        }

        var notBefore = OutOfOfficeResumesAt(sequence, current, contact, mailbox, returnDate, now);
        if (notBefore <= due)
        {
            await AddEventAsync(enrollment.Id, "out-of-office",
                $"out-of-office reply from {from}; the next step, due {due:u}, is already after {notBefore:u}", cancellationToken);
            return;
        }

        await _store.DeferEnrollmentAsync(enrollment.Id, notBefore, cancellationToken);
        var why = returnDate is { } back ? $"back on {back:yyyy-MM-dd}" : $"no return date stated; waiting {sequence.StopRules.OooDelay}";
        await AddEventAsync(enrollment.Id, "out-of-office",
            $"out-of-office reply from {from} ({why}): step {current.NextStep} moves from {due:u} to {notBefore:u}", cancellationToken);
        Log.OutOfOfficeDelayed(_logger, enrollment.Id, from, notBefore);
    }

    private async Task SuppressAsync(string address, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var entry = Suppression.Parse(address, reason, _time.GetUtcNow());
            if (await _store.AddSuppressionAsync(entry, cancellationToken))
            {
                Log.AddressSuppressed(_logger, entry.Value, reason);
            }
        }
        catch (FormatException)
        {
            // A bounce naming no usable address: the enrollment still stops; there is nothing to put on the list.
        }
    }

    private async Task<bool> StopAsync(Enrollment enrollment, EnrollmentStatus status, string reason, string kind, string messageId,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!await _store.StopEnrollmentAsync(enrollment.Id, status, reason, now, cancellationToken))
        {
            return false;
        }

        await AddEventAsync(enrollment.Id, kind, $"{reason} (message {messageId})", cancellationToken);
        Log.EnrollmentStopped(_logger, enrollment.Id, reason);
        return true;
    }

    private Task AddEventAsync(long enrollmentId, string kind, string detail, CancellationToken cancellationToken) =>
        _store.AddEventAsync(new EnrollmentEvent(enrollmentId, _time.GetUtcNow(), kind, detail), cancellationToken);

    private StopRules StopRulesOf(Enrollment enrollment) => _sequences.Find(enrollment.SequenceName)?.StopRules ?? StopRules.Default;

    private async Task<(GmailMessage Gmail, MimeMessage Mime)> ReadRawAsync(Mailbox mailbox, IGmailClient gmail, string messageId,
        CancellationToken cancellationToken)
    {
        await ChargeReadAsync(mailbox, GmailCall.GetMessage, cancellationToken);
        var message = await gmail.GetMessageAsync(messageId, MessageFormat.Raw, null, cancellationToken);
        using var stream = new MemoryStream(Base64Url.Decode(message.Raw ?? ""));
        return (message, await MimeMessage.LoadAsync(stream, cancellationToken));
    }

    /// <summary>
    /// A message of a thread Nudge did not start that was already there when the contact was enrolled (the invoice, the
    /// customer's request): it is why the thread exists, not an answer to a step.
    /// </summary>
    private static bool PredatesEnrollment(Enrollment enrollment, GmailMessage message) =>
        enrollment.ExternalThread
        && enrollment.EnrolledAt is { } enrolledAt
        && message.InternalDate is { } ms
        && DateTimeOffset.FromUnixTimeMilliseconds(ms) <= enrolledAt;

    private static string? SenderAddress(string? fromHeader) =>
        fromHeader is not null && InternetAddressList.TryParse(fromHeader, out var list) && list.Mailboxes.FirstOrDefault() is { } first
            ? first.Address.ToLowerInvariant()
            : null;

    private static string Describe(InboundCategory category) => category switch
    {
        InboundCategory.HumanReply => "a reply",
        InboundCategory.AutoReply => "an automatic reply",
        InboundCategory.BounceHard => "a hard bounce",
        InboundCategory.BounceSoft => "a soft bounce (a temporary delivery problem)",
        InboundCategory.UnsubscribeRequest => "an unsubscribe request",
        _ => "an automated message",
    };
}
