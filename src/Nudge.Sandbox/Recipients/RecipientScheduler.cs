using MimeKit;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Persistence;
using Nudge.Sandbox.Threading;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// Runs the <see cref="RecipientScript"/>: schedules an answer when a mailbox sends to a scripted address, and
/// delivers every answer that is due into the sending mailbox.
/// </summary>
/// <remarks>
/// Delivery is lazy: <see cref="DeliverDue"/> runs before each request is handled, and delivers what is due by the
/// <see cref="TimeProvider"/>'s clock, each with its scheduled time as <c>internalDate</c>. Nothing can observe a
/// mailbox except through a request, so a request-time delivery is indistinguishable from a timer-driven one, and
/// it also works with a simulated clock that jumps (a timer on a FakeTimeProvider fires only when the test advances
/// it, and would race the request that follows). Lock order: <c>_deliveryGate</c>, then <c>_gate</c> or a mailbox's
/// gate, never both of the latter at once.
/// </remarks>
internal sealed class RecipientScheduler
{
    private const int DeliveredLogSize = 1000;
    private static readonly string[] PersonalLabels = [SystemLabels.Unread, "CATEGORY_PERSONAL", SystemLabels.Inbox];
    // Gmail files its delivery status notifications under Updates (GMAIL-FACTS §7c).
    private static readonly string[] UpdatesLabels = [SystemLabels.Unread, "CATEGORY_UPDATES", SystemLabels.Inbox];

    private readonly Lock _gate = new();
    private readonly Lock _deliveryGate = new();
    private readonly List<ScheduledDelivery> _pending = [];
    private readonly List<DeliveredAnswer> _delivered = [];
    private readonly Dictionary<(int Rule, string Mailbox, string Recipient), int> _triggers = [];
    private readonly Dictionary<(int Rule, string Mailbox, string Recipient), DateTimeOffset> _vacationAnswered = [];
    private RecipientScript _script;
    private long _sequence;

    public RecipientScheduler(RecipientScript script)
    {
        _script = script;
    }

    public RecipientScript Script
    {
        get
        {
            lock (_gate)
            {
                return _script;
            }
        }
    }

    /// <summary>Gets when the earliest pending answer is due, or null when none is pending.</summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count > 0 ? _pending[0].DueAt : null;
            }
        }
    }

    /// <summary>Replaces the rules. Pending answers stay (the recipients have already "written" them); the
    /// per-rule counters restart because they belong to the old rules.</summary>
    public void Replace(RecipientScript script)
    {
        lock (_gate)
        {
            _script = script;
            _triggers.Clear();
            _vacationAnswered.Clear();
        }
    }

    public (IReadOnlyList<ScheduledDelivery> Pending, IReadOnlyList<DeliveredAnswer> Delivered) Snapshot()
    {
        lock (_gate)
        {
            return ([.. _pending], [.. _delivered]);
        }
    }

    /// <summary>Schedules the answers of the scripted recipients of a message <paramref name="mailbox"/> just sent.</summary>
    public void OnSent(MailboxState mailbox, StoredMessage sent, MimeMessage message, DateTimeOffset sentAt)
    {
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .Where(r => !string.IsNullOrEmpty(r.Address) && !string.Equals(r.Address, mailbox.Email, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(r => r.Address, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (recipients.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var recipient in recipients)
            {
                if (Choose(mailbox.Email, recipient.Address, sentAt) is not { } chosen)
                {
                    continue;
                }

                var (index, rule) = chosen;
                Insert(new ScheduledDelivery(
                    ++_sequence,
                    sentAt + rule.Delay,
                    mailbox,
                    recipient.Address,
                    string.IsNullOrWhiteSpace(recipient.Name) ? null : recipient.Name,
                    rule.Behaviour,
                    index,
                    rule.Text,
                    rule.Subject,
                    rule.ReturnDate,
                    sentAt,
                    sent.Id,
                    sent.ThreadId,
                    sent.Raw));
            }
        }
    }

    /// <summary>Delivers, in time order, every pending answer due by now. Returns whether anything was delivered
    /// (the caller then saves the state).</summary>
    public bool DeliverDue(SandboxState state)
    {
        var now = state.Time.GetUtcNow();
        if (NextDueAt is not { } next || next > now)
        {
            return false;
        }

        // One drain at a time, so that two concurrent requests cannot deliver two answers out of order.
        lock (_deliveryGate)
        {
            var delivered = false;
            while (true)
            {
                ScheduledDelivery item;
                lock (_gate)
                {
                    if (_pending.Count == 0 || _pending[0].DueAt > now)
                    {
                        break;
                    }

                    item = _pending[0];
                    _pending.RemoveAt(0);
                }

                var stored = Deliver(state, item, now);
                lock (_gate)
                {
                    _delivered.Add(new DeliveredAnswer(item, stored.Id, stored.ThreadId));
                    if (_delivered.Count > DeliveredLogSize)
                    {
                        _delivered.RemoveAt(0);
                    }
                }

                delivered = true;
            }

            return delivered;
        }
    }

    public List<PendingDeliveryDocument> ToDocuments()
    {
        lock (_gate)
        {
            return _pending.Select(p => new PendingDeliveryDocument
            {
                DueAt = p.DueAt,
                Mailbox = p.Mailbox.Email,
                Recipient = p.Recipient,
                RecipientName = p.RecipientName,
                Behaviour = RecipientScript.FormatBehaviour(p.Behaviour),
                RuleIndex = p.RuleIndex,
                Text = p.Text,
                Subject = p.Subject,
                ReturnDate = p.ReturnDate,
                SentAt = p.SentAt,
                SentId = p.SentId,
                SentThreadId = p.SentThreadId,
                SentRaw = p.SentRaw,
            }).ToList();
        }
    }

    /// <summary>Restores pending answers from the state file; those of unknown mailboxes are dropped.</summary>
    public void Restore(IEnumerable<PendingDeliveryDocument> documents, Func<string, MailboxState?> findMailbox)
    {
        lock (_gate)
        {
            foreach (var document in documents)
            {
                if (findMailbox(document.Mailbox) is not { } mailbox
                    || RecipientScript.ParseBehaviour(document.Behaviour) is not { } behaviour)
                {
                    continue;
                }

                Insert(new ScheduledDelivery(
                    ++_sequence, document.DueAt, mailbox, document.Recipient, document.RecipientName, behaviour,
                    document.RuleIndex, document.Text, document.Subject, document.ReturnDate, document.SentAt,
                    document.SentId, document.SentThreadId, document.SentRaw));
            }
        }
    }

    // The first rule that matches and has triggers left for this (mailbox, recipient) applies. An out-of-office rule
    // inside its quiet period takes the message without answering, as the vacation responder does.
    private (int Index, RecipientRule Rule)? Choose(string mailbox, string recipient, DateTimeOffset sentAt)
    {
        var rules = _script.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var key = (i, mailbox.ToUpperInvariant(), recipient.ToUpperInvariant());
            if (!rule.Matches(recipient) || _triggers.GetValueOrDefault(key) >= rule.EffectiveTimes)
            {
                continue;
            }

            if (rule.Behaviour == RecipientBehaviour.OutOfOffice && rule.OncePerSenderDays > 0)
            {
                if (_vacationAnswered.TryGetValue(key, out var answered) && sentAt - answered < TimeSpan.FromDays(rule.OncePerSenderDays))
                {
                    return null;
                }

                _vacationAnswered[key] = sentAt;
            }

            _triggers[key] = _triggers.GetValueOrDefault(key) + 1;
            return (i, rule);
        }

        return null;
    }

    // Keeps _pending ordered by due time, then by scheduling order.
    private void Insert(ScheduledDelivery item)
    {
        var index = _pending.FindIndex(p => p.DueAt > item.DueAt);
        _pending.Insert(index < 0 ? _pending.Count : index, item);
    }

    private static StoredMessage Deliver(SandboxState state, ScheduledDelivery item, DateTimeOffset now)
    {
        var original = MimeInspector.Parse(item.SentRaw);
        var isBounce = item.Behaviour is RecipientBehaviour.HardBounce or RecipientBehaviour.SoftBounce;
        var message = isBounce
            ? DeliveryStatusMail.Build(item, original)
            : RecipientMail.Build(item, original);
        var raw = RecipientMail.Serialize(message);
        var facts = MimeInspector.Inspect(MimeInspector.Parse(raw));
        var mailbox = item.Mailbox;

        StoredMessage stored;
        lock (mailbox.Gate)
        {
            // Answers thread by the ordinary header rule. A bounce's subject never matches, yet Gmail files it in the
            // thread of the message that bounced, so it goes there while that thread exists.
            var threadId = isBounce && mailbox.FindThread(item.SentThreadId) is not null
                ? item.SentThreadId
                : ThreadJoiner.JoinByHeaders(mailbox, facts);
            var id = state.NextMessageId();
            mailbox.ExpireHistory(now - state.Options.HistoryRetention);
            // The history record is stamped now, not at the due time, so that the history list stays in time order
            // for expiry; internalDate is the due time, as if it had arrived then.
            stored = new StoredMessage(
                id,
                threadId ?? id,
                isBounce ? UpdatesLabels : PersonalLabels,
                item.DueAt.ToUnixTimeMilliseconds(),
                mailbox.NextHistoryId(),
                raw,
                facts);
            mailbox.Add(stored, now);
        }

        return stored;
    }
}
