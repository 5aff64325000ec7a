using System.Globalization;
using MimeKit;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
using Nudge.Core.Replies;
using Nudge.Core.Rules;
using Nudge.Core.Unsubscribe;

namespace Nudge.Core.Scheduling;

// Inbound rules: templated replies to new mail in its thread, at most once per message, never to automated mail; and
// push notifications, which wake the worker between polls.
public sealed partial class SequenceWorker
{
    private const int RuleRepliesPerCycle = 50;

    // What the loop guard and the matchers read, fetched with the sender in one metadata call.
    private static readonly string[] GuardHeaders =
    [
        "From", "Sender", "Reply-To", "To", "Cc", "Delivered-To", "X-Original-To", "Subject", "Message-ID", "References", "In-Reply-To",
        "Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id", "List-Unsubscribe", "List-Post",
        "Feedback-ID", "Return-Path", "Content-Type", MessageComposer.SendIdHeader,
    ];

    private readonly string[] _ruleHeaders;
    private readonly IReadOnlyList<InboundRule> _rules;
    private readonly Unsubscriber _unsubscriber;
    private readonly Enroller _enroller;
    private byte[]? _unsubscribeKey;
    private bool _waitForReadUnits;

    // Mailboxes whose users.watch failed, and when to try again: the stored expiry says only when a watch that worked ends.
    private readonly Dictionary<long, DateTimeOffset> _watchRetryAt = [];
    private TaskCompletionSource _wakeSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _ruleRepliesSent;

    /// <summary>How many templated replies this worker has sent since it started.</summary>
    public int RuleRepliesSent => Volatile.Read(ref _ruleRepliesSent);

    /// <summary>The inbound rules this worker applies.</summary>
    public IReadOnlyList<InboundRule> Rules => _rules;

    /// <summary>
    /// Ends the wait between cycles at once (a push notification said a mailbox changed). Safe from any thread; wakes
    /// of one wait collapse into one cycle.
    /// </summary>
    public void Wake() => Volatile.Read(ref _wakeSignal).TrySetResult();

    /// <summary>Waits <paramref name="timeout"/> on the worker's clock, or less when <see cref="Wake"/> is called.</summary>
    /// <returns>Whether it was woken.</returns>
    public async Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _wakeSignal);
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, _time, stopDelay.Token);
        await Task.WhenAny(signal.Task, delay);
        await stopDelay.CancelAsync();
        if (signal.Task.IsCompleted)
        {
            // The next wake needs a fresh signal; one that arrived during the cycle just run is not lost, since the swap
            // happens only once the woken cycle is about to start.
            Interlocked.CompareExchange(ref _wakeSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), signal);
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    /// <summary>The HMAC key of the unsubscribe tokens, shared by every worker on the database.</summary>
    private async Task<byte[]> UnsubscribeKeyAsync(CancellationToken cancellationToken) =>
        _unsubscribeKey ??= await UnsubscribeKey.LoadAsync(_store, cancellationToken);

    /// <summary>The <c>List-Unsubscribe</c> of a step sent to <paramref name="enrollmentId"/>'s contact.</summary>
    private async Task<ListUnsubscribeHeader> ListUnsubscribeForAsync(Mailbox mailbox, long enrollmentId, CancellationToken cancellationToken)
    {
        var token = UnsubscribeToken.Create(enrollmentId, await UnsubscribeKeyAsync(cancellationToken));
        return UnsubscribeLinks.CreateHeader(mailbox.Email, token, _options.PublicBaseUrl);
    }

    private IReadOnlyList<InboundRule> RulesOf(Mailbox mailbox) =>
        _rules.Count == 0 ? [] : [.. _rules.Where(r => string.Equals(r.Mailbox, mailbox.Email, StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// Decides whether one of the mailbox's rules answers a new message, and records the decision: a pending reply, or
    /// a skipped one with the reason (the loop guard, once per thread, once per sender, the hours). The first rule
    /// whose conditions match decides; the others never answer the same message.
    /// </summary>
    private async Task MatchRulesAsync(Mailbox mailbox, IGmailClient gmail, GmailMessage head, IReadOnlyList<InboundRule> rules,
        CancellationToken cancellationToken)
    {
        var headers = HeadersOnly(head);
        var from = headers.ReplyTo.Mailboxes.FirstOrDefault() ?? headers.From.Mailboxes.FirstOrDefault();
        var now = _time.GetUtcNow();
        var receivedAt = head.InternalDate is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        InboundRule? missedByQuery = null;
        foreach (var rule in rules)
        {
            var match = RuleMatcher.Match(rule, headers);
            if (!match.IsMatch)
            {
                continue;
            }

            var ownAddresses = (await _store.ListMailboxesAsync(cancellationToken)).Select(m => m.Email).ToList();
            var refusal = ReplyGuard.RefusalReason(headers, ownAddresses);
            if (refusal is null && from is not null)
            {
                refusal = await WhyNotNowAsync(rule, mailbox, head, from, receivedAt, cancellationToken);
            }
            if (refusal is null && rule.Match.Query is { } query)
            {
                if (!await MatchesQueryAsync(mailbox, gmail, headers.MessageId, query, cancellationToken))
                {
                    // The query is part of the match: another rule may still take the message.
                    missedByQuery ??= rule;
                    continue;
                }
            }

            if (refusal is null)
            {
                // The headers pass; the body decides what the headers cannot (a vacation reply without any header).
                var (_, whole) = await ReadRawAsync(mailbox, gmail, head.Id, cancellationToken);
                refusal = ReplyGuard.RefusalReason(whole, ownAddresses);
            }

            var sender = from?.Address.ToLowerInvariant() ?? "";
            var row = new RuleReply(0, rule.Name, mailbox.Id, head.Id, head.ThreadId ?? head.Id, sender,
                string.IsNullOrWhiteSpace(from?.Name) ? null : from.Name, headers.Subject ?? "", head.GetHeader("Message-ID"),
                head.GetHeader("References"), receivedAt, refusal is null ? RuleReplyState.Pending : RuleReplyState.Skipped, now,
                refusal ?? match.Reason, null, now);
            if (await _store.AddRuleReplyAsync(row, cancellationToken) is not null)
            {
                if (refusal is null)
                {
                    Log.RuleMatched(_logger, rule.Name, head.Id, sender, match.Reason);
                }
                else
                {
                    Log.RuleSkipped(_logger, rule.Name, head.Id, sender, refusal);
                }
            }

            return;
        }

        if (missedByQuery is not null)
        {
            // Recorded, so that "why was this not answered?" has an answer (Gmail's index may also lag a new message).
            var sender = from?.Address.ToLowerInvariant() ?? "";
            var reason = $"the headers matched, but Gmail's search for the rule's query ({missedByQuery.Match.Query}) did not find this message";
            await _store.AddRuleReplyAsync(new RuleReply(0, missedByQuery.Name, mailbox.Id, head.Id, head.ThreadId ?? head.Id, sender,
                string.IsNullOrWhiteSpace(from?.Name) ? null : from.Name, headers.Subject ?? "", head.GetHeader("Message-ID"),
                head.GetHeader("References"), receivedAt, RuleReplyState.Skipped, now, reason, null, now), cancellationToken);
            Log.RuleSkipped(_logger, missedByQuery.Name, head.Id, sender, reason);
        }
    }

    /// <summary>The rule's own limits: its hours, once per thread, once per sender per period.</summary>
    private async Task<string?> WhyNotNowAsync(InboundRule rule, Mailbox mailbox, GmailMessage head, MailboxAddress from, DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        if (!RuleSchedule.Allows(rule, receivedAt))
        {
            return rule.Hours == RuleHours.Business
                ? $"arrived outside the rule's hours ({rule.Window}, {rule.TimeZone?.Id})"
                : $"arrived during the rule's hours ({rule.Window}, {rule.TimeZone?.Id}); it answers outside them only";
        }

        if (rule.OncePerThread && await _store.HasRuleReplyInThreadAsync(mailbox.Id, rule.Name, head.ThreadId ?? head.Id, cancellationToken))
        {
            return "the rule already answered this thread (once_per_thread)";
        }

        if (rule.PerSender is { } period && period > TimeSpan.Zero
            && await _store.LastRuleReplyToSenderAsync(mailbox.Id, rule.Name, from.Address, cancellationToken) is { } last
            && last > _time.GetUtcNow() - period)
        {
            return $"the rule answered {from.Address} at {last:u}, less than {period} ago (per_sender)";
        }

        return null;
    }

    /// <summary>Whether Gmail's search for the rule's query finds this very message (5 units).</summary>
    private async Task<bool> MatchesQueryAsync(Mailbox mailbox, IGmailClient gmail, string? messageId, string query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(messageId))
        {
            return false;
        }

        await ChargeReadAsync(mailbox, GmailCall.ListMessages, cancellationToken);
        var found = await gmail.ListMessagesAsync($"rfc822msgid:{messageId.Trim('<', '>')} ({query})", null, false, null, 1, cancellationToken);
        return found.Messages is { Count: > 0 };
    }

    /// <summary>
    /// Sends the mailbox's pending templated replies, in their threads, under the mailbox's quota. Each one is taken
    /// (pending → sending) before Gmail is called and never sent twice: a reply whose outcome is unknown stays
    /// unsent rather than risk a second acknowledgement.
    /// </summary>
    private async Task SendRuleRepliesAsync(Mailbox mailbox, IGmailClient gmail, CancellationToken cancellationToken)
    {
        if (_rules.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        await _store.MarkStaleRuleRepliesAmbiguousAsync(mailbox.Id, now - _options.Lease, now, cancellationToken);
        foreach (var reply in await _store.ListWaitingRuleRepliesAsync(mailbox.Id, now, RuleRepliesPerCycle, cancellationToken))
        {
            if (!await SendRuleReplyAsync(mailbox, gmail, reply, cancellationToken))
            {
                // No quota or no token now: the rest waits for the next cycle.
                return;
            }
        }
    }

    /// <returns>Whether the mailbox can go on sending in this cycle.</returns>
    private async Task<bool> SendRuleReplyAsync(Mailbox mailbox, IGmailClient gmail, RuleReply reply, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var rule = _rules.FirstOrDefault(r => r.Name == reply.RuleName);
        if (rule is null)
        {
            await FinishRuleReplyAsync(reply, RuleReplyState.Failed, $"no rule named '{reply.RuleName}' is loaded any more", null, cancellationToken);
            return true;
        }

        // The sender may have been suppressed (an unsubscribe, a bounce) since the match.
        if (await _store.FindSuppressionAsync(reply.Sender, cancellationToken) is { } suppression)
        {
            await FinishRuleReplyAsync(reply, RuleReplyState.Skipped, $"{reply.Sender} is on the suppression list ({suppression.Reason})", null,
                cancellationToken);
            return true;
        }

        var fields = InboundRule.FieldsFor(new MailboxAddress(reply.SenderName ?? "", reply.Sender), reply.Subject, mailbox.Email, reply.ReceivedAt);
        var rendered = await _templates.RenderAsync(rule.Template, fields, cancellationToken);
        if (rendered.Message is not { } body)
        {
            await FinishRuleReplyAsync(reply, RuleReplyState.Failed, rendered.DescribeFailure(rule.Template.Name, reply.Sender), null, cancellationToken);
            return true;
        }

        var permit = await _quota.TryAcquireSendAsync(mailbox, cancellationToken);
        if (!permit.IsAllowed)
        {
            await _store.DeferRuleReplyAsync(reply.Id, permit.NotBefore, now, cancellationToken);
            return false;
        }

        if (!await _store.StartRuleReplyAsync(reply.Id, now, cancellationToken))
        {
            return true;
        }

        var references = (reply.References ?? "").Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (reply.RfcMessageId is { } inReplyTo && !references.Contains(inReplyTo, StringComparer.Ordinal))
        {
            references.Add(inReplyTo);
        }

        var mime = MessageComposer.Compose(new OutgoingMessage(
            mailbox.DisplayName, mailbox.Email, reply.SenderName, reply.Sender, ThreadSubject.ForReply(reply.Subject), body,
            MessageComposer.NewMessageId(mailbox.Email), now, reply.RfcMessageId, references,
            string.Create(CultureInfo.InvariantCulture, $"rule.{reply.Id}"))
        {
            AutoSubmitted = true,
        });

        GmailMessage sent;
        try
        {
            sent = await gmail.SendAsync(MessageComposer.ToRaw(mime), reply.ThreadId, cancellationToken);
        }
        catch (GmailApiException ex) when (ex.IsAmbiguous)
        {
            await FinishRuleReplyAsync(reply, RuleReplyState.Ambiguous,
                $"the send may or may not have gone out ({ex.Message}); it is not sent again", null, cancellationToken);
            return true;
        }
        catch (GmailApiException ex) when (ex.IsTransient)
        {
            await _store.ReturnRuleReplyAsync(reply.Id, now + (ex.RetryAfter ?? _options.RetryBaseDelay), now, cancellationToken);
            return false;
        }
        catch (GmailApiException ex)
        {
            await FinishRuleReplyAsync(reply, RuleReplyState.Failed, $"Gmail refused the reply: {ex.Message}", null, cancellationToken);
            return true;
        }
        catch (MailboxAuthorizationException ex)
        {
            await _store.ReturnRuleReplyAsync(reply.Id, now, now, cancellationToken);
            await OnAuthorizationFailedAsync(mailbox.Id, mailbox.Email, ex, cancellationToken);
            return false;
        }

        // Counted toward the daily limit like any send of the mailbox; the history's SENT entry for it is then no news.
        await _store.RecordManualSendAsync(mailbox.Id, sent.Id, now, cancellationToken);
        await FinishRuleReplyAsync(reply, RuleReplyState.Sent, $"answered with '{rule.Template.Name}' in thread {reply.ThreadId}", sent.Id,
            cancellationToken);
        Interlocked.Increment(ref _ruleRepliesSent);
        Log.RuleReplySent(_logger, rule.Name, reply.Sender, reply.ThreadId);
        if (rule.ThenSequence is { } sequenceName)
        {
            await FollowUpAsync(rule, reply, sequenceName, fields, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Enrolls the sender, in the thread just answered, in the rule's follow-up sequence: "if no human answered within
    /// 24 hours". The thread's own past (their mail, our acknowledgement) predates the enrollment and stops nothing; a
    /// teammate's reply or theirs does.
    /// </summary>
    private async Task FollowUpAsync(InboundRule rule, RuleReply reply, string sequenceName, IReadOnlyDictionary<string, string> fields,
        CancellationToken cancellationToken)
    {
        var contactFields = fields.Where(f => f.Key is "first_name" or "last_name" or "name").ToDictionary(f => f.Key, f => f.Value);
        var result = await _enroller.EnrollAsync(new EnrollmentRequest(reply.Sender, contactFields, sequenceName, reply.ThreadId, Mailbox: rule.Mailbox),
            cancellationToken);
        var outcome = result.Rejection ?? string.Create(CultureInfo.InvariantCulture, $"enrollment {result.EnrollmentId}, step {result.FirstStep} due {result.FirstDueAt:u}");
        if (result.Rejection is null)
        {
            Log.RuleFollowUp(_logger, rule.Name, reply.Sender, sequenceName, reply.ThreadId, outcome);
        }
        else
        {
            // The acknowledgement went out; only the follow-up is lost. Say so where the reply is recorded, not only in the log.
            Log.RuleFollowUpRefused(_logger, rule.Name, reply.Sender, sequenceName, outcome);
            await _store.AnnotateRuleReplyAsync(reply.Id,
                $"answered with '{rule.Template.Name}' in thread {reply.ThreadId}; not enrolled in '{sequenceName}': {outcome}", _time.GetUtcNow(),
                cancellationToken);
        }
    }

    private async Task FinishRuleReplyAsync(RuleReply reply, RuleReplyState state, string detail, string? replyMessageId, CancellationToken cancellationToken)
    {
        await _store.FinishRuleReplyAsync(reply.Id, state, detail, replyMessageId, _time.GetUtcNow(), cancellationToken);
        if (state is RuleReplyState.Failed or RuleReplyState.Ambiguous)
        {
            Log.RuleReplyFailed(_logger, reply.RuleName, reply.Sender, detail);
        }
    }

    /// <summary>
    /// Asks Gmail to publish the mailbox's changes to the push topic, once a day (Gmail's advice; a watch lasts 7
    /// days). A failure only means polling alone, as without push.
    /// </summary>
    private async Task RenewWatchAsync(Mailbox mailbox, IGmailClient gmail, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_options.PushTopic is not { } topic
            || (mailbox.WatchExpiresAt is { } expires && expires - now > TimeSpan.FromDays(6))
            || (_watchRetryAt.TryGetValue(mailbox.Id, out var retryAt) && now < retryAt))
        {
            return;
        }

        try
        {
            await ChargeReadAsync(mailbox, GmailCall.Watch, cancellationToken);
            var watch = await gmail.WatchAsync(topic, null, cancellationToken);
            await _store.SetWatchExpiryAsync(mailbox.Id, watch.ExpiresAt, cancellationToken);
            _watchRetryAt.Remove(mailbox.Id);
            Log.WatchRenewed(_logger, mailbox.Email, topic, watch.ExpiresAt);
        }
        catch (GmailApiException ex)
        {
            // Tried again in a day, not at every cycle: a topic Gmail cannot publish to stays so until someone fixes it.
            _watchRetryAt[mailbox.Id] = now + TimeSpan.FromDays(1);
            Log.WatchFailed(_logger, mailbox.Email, ex);
        }
    }

    /// <summary>The metadata's headers as a message without a body, for the matchers and the loop guard.</summary>
    private static MimeMessage HeadersOnly(GmailMessage head)
    {
        var message = new MimeMessage();
        message.Headers.Clear();
        foreach (var header in head.Payload?.Headers ?? [])
        {
            message.Headers.Add(header.Name, header.Value);
        }

        return message;
    }
}
