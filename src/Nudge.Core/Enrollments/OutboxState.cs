namespace Nudge.Core.Enrollments;

/// <summary>The state of one reserved send.</summary>
public enum OutboxState
{
    /// <summary>Reserved; the call to Gmail is (or was, before a crash) in flight.</summary>
    Sending = 0,

    /// <summary>Gmail accepted it; its ids are recorded.</summary>
    Sent = 1,

    /// <summary>Gmail refused it, or it was never sent (for example a template error): it did not go out.</summary>
    Failed = 2,

    /// <summary>The call may have taken effect (timeout, reset, 5xx): never resent blindly, to be reconciled.</summary>
    Ambiguous = 3,
}
