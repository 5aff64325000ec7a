namespace Nudge.Core.Quota;

/// <summary>
/// Gmail's per-user per-minute quota and the units each method costs, in both regimes (GMAIL-FACTS §3a: legacy from
/// the official quota page, May 2026 from its translation and Nylas's guide).
/// </summary>
public static class GmailQuotaCosts
{
    /// <summary>The units one user may spend in any minute.</summary>
    public static int UnitsPerMinute(GmailQuotaRegime regime) => regime switch
    {
        GmailQuotaRegime.Legacy => 15_000,
        GmailQuotaRegime.May2026 => 6_000,
        _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, null),
    };

    /// <summary>What one call of <paramref name="call"/> costs.</summary>
    public static int Units(GmailCall call, GmailQuotaRegime regime)
    {
        var legacy = regime switch
        {
            GmailQuotaRegime.Legacy => true,
            GmailQuotaRegime.May2026 => false,
            _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, null),
        };
        return call switch
        {
            GmailCall.SendMessage => 100,
            GmailCall.GetMessage => legacy ? 5 : 20,
            GmailCall.ListMessages => 5,
            GmailCall.GetThread => legacy ? 10 : 40,
            GmailCall.ListThreads => 10,
            GmailCall.ListHistory => 2,
            GmailCall.GetProfile => 1,
            GmailCall.ModifyMessage => 5,
            GmailCall.ListLabels => 1,
            GmailCall.ListSendAs => 1,
            GmailCall.Watch => 100,
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
        };
    }
}
