namespace Nudge.Core.Replies;

/// <summary>Where a templated reply to one inbound message stands. The numbers are stored.</summary>
public enum RuleReplyState
{
    /// <summary>Matched and allowed; waits for its mailbox's send slot.</summary>
    Pending = 0,

    /// <summary>Taken by a worker, which is calling Gmail.</summary>
    Sending = 1,

    /// <summary>Sent in the inbound message's thread.</summary>
    Sent = 2,

    /// <summary>Gmail refused it, or its template could not be rendered; not tried again.</summary>
    Failed = 3,

    /// <summary>
    /// The send's outcome is unknown (a timeout, a crash mid-send). Never sent again: a missing acknowledgement is
    /// better than a second one.
    /// </summary>
    Ambiguous = 4,

    /// <summary>Matched, but not answered, and <see cref="RuleReply.Detail"/> says why (the loop guard, a limit, the hours).</summary>
    Skipped = 5,
}
