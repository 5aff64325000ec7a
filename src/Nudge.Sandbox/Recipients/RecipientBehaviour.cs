namespace Nudge.Sandbox.Recipients;

/// <summary>What a scripted recipient does when a sandbox mailbox sends to it.</summary>
/// <remarks>In a rules file these are spelled <c>reply</c>, <c>out-of-office</c>, <c>hard-bounce</c>,
/// <c>soft-bounce</c> and <c>unsubscribe</c>.</remarks>
public enum RecipientBehaviour
{
    /// <summary>The recipient writes back: <c>Re: subject</c>, quoting the message, in the same thread.</summary>
    Reply,

    /// <summary>The recipient's vacation responder answers, as Gmail's does (<c>Auto-Submitted: auto-replied</c>).</summary>
    OutOfOffice,

    /// <summary>Gmail's mailer-daemon reports a permanent failure: 550 5.1.1, the address does not exist.</summary>
    HardBounce,

    /// <summary>Gmail's mailer-daemon reports a temporary failure: 452 4.2.2, the mailbox is full; Gmail retries.</summary>
    SoftBounce,

    /// <summary>The recipient writes back asking to be removed from the list.</summary>
    Unsubscribe,
}
