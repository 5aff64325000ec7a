using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// An answer a scripted recipient will deliver into <see cref="Mailbox"/> at <see cref="DueAt"/>. It carries what it
/// needs of the triggering message (its bytes, id and thread), so it does not depend on that message still existing.
/// </summary>
internal sealed record ScheduledDelivery(
    long Sequence,
    DateTimeOffset DueAt,
    MailboxState Mailbox,
    string Recipient,
    string? RecipientName,
    RecipientBehaviour Behaviour,
    int RuleIndex,
    string? Text,
    string? Subject,
    DateOnly? ReturnDate,
    DateTimeOffset SentAt,
    string SentId,
    string SentThreadId,
    byte[] SentRaw);
