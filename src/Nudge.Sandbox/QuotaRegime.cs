namespace Nudge.Sandbox;

/// <summary>Which of Gmail's two API quota regimes the sandbox enforces (GMAIL-FACTS §3a).</summary>
public enum QuotaRegime
{
    /// <summary>Projects that used the Gmail API before May 2026: 15,000 units per user per minute.</summary>
    Legacy,

    /// <summary>Projects created on or after 2026-05-01: 6,000 units per user per minute, dearer reads.</summary>
    May2026,
}
