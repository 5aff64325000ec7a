namespace Nudge.Core.Quota;

/// <summary>Which of Gmail's two API quota regimes a mailbox's Cloud project is under (GMAIL-FACTS §3a).</summary>
public enum GmailQuotaRegime
{
    /// <summary>Projects that used the Gmail API before May 2026: 15,000 units per user per minute.</summary>
    Legacy = 0,

    /// <summary>Projects created on or after 2026-05-01: 6,000 units per user per minute, and dearer reads.</summary>
    May2026 = 1,
}
