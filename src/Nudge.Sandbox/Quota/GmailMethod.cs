namespace Nudge.Sandbox.Quota;

/// <summary>
/// One Gmail method: the RPC name its endpoint carries, its discovery id, its quota cost in both regimes, and the
/// scopes that allow it (any one suffices).
/// </summary>
internal sealed record GmailMethod(string Rpc, string DiscoveryId, int LegacyUnits, int May2026Units, IReadOnlyList<string> Scopes)
{
    public int Units(QuotaRegime regime) => regime switch
    {
        QuotaRegime.Legacy => LegacyUnits,
        QuotaRegime.May2026 => May2026Units,
        _ => throw new ArgumentOutOfRangeException(nameof(regime)),
    };

    /// <summary>Gets whether the method sends a message, which counts toward the daily sending limit.</summary>
    public bool Sends => Rpc is "SendMessage" or "SendDraft";
}
