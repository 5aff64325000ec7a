namespace Nudge.Sandbox.Auth;

/// <summary>What the store knew about a presented authorization code.</summary>
internal enum CodeStatus
{
    /// <summary>Issued, not used before and not expired.</summary>
    Valid,

    /// <summary>Never issued by this sandbox (or issued before a restart: codes are not persisted).</summary>
    Unknown,

    /// <summary>Already redeemed once.</summary>
    Used,

    /// <summary>Issued but older than <see cref="AuthorizationCodeStore.Lifetime"/>.</summary>
    Expired,
}
