namespace Nudge.Core.Replies;

/// <summary>
/// The templated reply an inbound rule owes (or owed) one inbound message. At most one exists per inbound message and
/// mailbox, which is what keeps a rule from answering twice.
/// </summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="RuleName">The rule that matched.</param>
/// <param name="MailboxId">The mailbox the message arrived in and the reply goes out from.</param>
/// <param name="InboundMessageId">The Gmail id of the inbound message.</param>
/// <param name="ThreadId">Its Gmail thread, where the reply goes.</param>
/// <param name="Sender">The address to answer, lowercased.</param>
/// <param name="SenderName">The sender's display name, if any.</param>
/// <param name="Subject">The inbound subject (the reply's is <c>Re: </c> it).</param>
/// <param name="RfcMessageId">The inbound Message-ID, for In-Reply-To.</param>
/// <param name="References">The inbound References header, for the reply's References.</param>
/// <param name="ReceivedAt">When Gmail received the inbound message.</param>
/// <param name="State">Where the reply stands.</param>
/// <param name="DueAt">Not sent before this instant (the mailbox's pacing and quota).</param>
/// <param name="Detail">Why it was skipped or failed, or what was sent.</param>
/// <param name="ReplyMessageId">The Gmail id of the reply once sent.</param>
/// <param name="CreatedAt">When the rule matched.</param>
public sealed record RuleReply(
    long Id,
    string RuleName,
    long MailboxId,
    string InboundMessageId,
    string ThreadId,
    string Sender,
    string? SenderName,
    string Subject,
    string? RfcMessageId,
    string? References,
    DateTimeOffset ReceivedAt,
    RuleReplyState State,
    DateTimeOffset DueAt,
    string? Detail,
    string? ReplyMessageId,
    DateTimeOffset CreatedAt);
