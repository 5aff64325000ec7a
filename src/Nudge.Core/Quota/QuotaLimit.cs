namespace Nudge.Core.Quota;

/// <summary>Which limit held a call back.</summary>
public enum QuotaLimit
{
    /// <summary>Nothing: the call may go.</summary>
    None = 0,

    /// <summary>The mailbox's share of its daily sending limit is used up for the rolling 24 hours.</summary>
    DailySends = 1,

    /// <summary>The least gap since the mailbox's last send has not passed.</summary>
    Pacing = 2,

    /// <summary>The mailbox's per-minute API units are spent.</summary>
    UnitsPerMinute = 3,
}
