using MimeKit;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;

namespace Nudge.Cli.Demo;

/// <summary>
/// Plays the demo's recipients. A lead that is scripted to reply answers a while after Nudge's first message reaches
/// them: the reply is delivered into the sending mailbox through Gmail's <c>messages.import</c>, as a real incoming
/// mail that threads by its In-Reply-To/References and subject. The engine finds it the way it finds any reply, in
/// the mailbox's history.
/// </summary>
internal sealed class RecipientSimulator(IEngineStore store, IGmailClient mailbox, TimeProvider clock, IReadOnlyDictionary<string, TimeSpan> repliers)
{
    private static readonly string[] Delivered = ["INBOX", "UNREAD"];
    private readonly Dictionary<long, DateTimeOffset> _pending = [];
    private readonly HashSet<long> _answered = [];

    /// <summary>When the next scripted reply is due, if one is waiting.</summary>
    public DateTimeOffset? NextReplyAt => _pending.Count == 0 ? null : _pending.Values.Min();

    /// <summary>Schedules the replies of leads that just got their first message, and delivers the replies now due.</summary>
    public async Task ActAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var enrollment in await store.ListEnrollmentsAsync(cancellationToken))
        {
            if (_answered.Contains(enrollment.Id))
            {
                continue;
            }

            var contact = await store.GetContactAsync(enrollment.ContactId, cancellationToken);
            if (contact is null || !repliers.TryGetValue(contact.Email, out var delay))
            {
                continue;
            }

            var outbox = await store.ListOutboxAsync(enrollment.Id, cancellationToken);
            if (outbox.FirstOrDefault(o => o.State == OutboxState.Sent) is not { SentAt: { } sentAt } first)
            {
                continue;
            }

            var replyAt = sentAt + delay;
            if (replyAt > now)
            {
                _pending[enrollment.Id] = replyAt;
                continue;
            }

            await DeliverReplyAsync(contact.Email, contact.Fields.GetValueOrDefault("first_name"), first, now, cancellationToken);
            _pending.Remove(enrollment.Id);
            _answered.Add(enrollment.Id);
        }
    }

    private async Task DeliverReplyAsync(string from, string? firstName, OutboxEntry first, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = await mailbox.GetProfileAsync(cancellationToken);
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress(firstName ?? string.Empty, from));
        reply.To.Add(MailboxAddress.Parse(profile.EmailAddress));
        reply.Subject = ThreadSubject.ForReply(first.Subject);
        reply.Date = now;
        reply.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from[(from.IndexOf('@', StringComparison.Ordinal) + 1)..]);
        var original = first.RfcMessageId!.Trim('<', '>');
        reply.InReplyTo = original;
        reply.References.Add(original);
        reply.Body = new TextPart("plain") { Text = "Thanks for the nudge! Yes, let's talk: does Tuesday at 10:00 work?\n" };

        // No threadId: an incoming mail finds its thread by its headers and subject, as in a real inbox.
        await mailbox.ImportAsync(MessageComposer.ToRaw(reply), null, Delivered, cancellationToken);
    }
}
