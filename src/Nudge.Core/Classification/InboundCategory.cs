namespace Nudge.Core.Classification;

/// <summary>What an inbound message means for a sequence: see <see cref="InboundClassifier"/>.</summary>
public enum InboundCategory
{
    /// <summary>A message a person wrote. The sequence stops as "replied".</summary>
    HumanReply,

    /// <summary>An automatic reply: out-of-office, vacation or other RFC 3834 responses. Never counts as a reply.</summary>
    AutoReply,

    /// <summary>A permanent failure caused by the recipient address or domain (user or host unknown, mailbox moved).</summary>
    BounceHard,

    /// <summary>Any other delivery failure or delay: mailbox full, blocked, spam, policy, too large, network, expired.</summary>
    BounceSoft,

    /// <summary>The sender asks to be removed, by a plain "unsubscribe" mail or an ARF opt-out report.</summary>
    UnsubscribeRequest,

    /// <summary>Automated mail that is none of the above: complaints, successful DSNs, read receipts, notifications.</summary>
    Other,
}
