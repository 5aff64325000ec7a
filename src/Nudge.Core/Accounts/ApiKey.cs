namespace Nudge.Core.Accounts;

/// <summary>An API key as stored: its name and prefix, the SHA-256 of the key, never the key.</summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="Name">What the user called it ("billing system").</param>
/// <param name="Prefix">The key's first characters, shown in lists to tell keys apart.</param>
/// <param name="KeyHash">Lowercase hex SHA-256 of the whole key.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="LastUsedAt">When a request last carried it.</param>
/// <param name="RevokedAt">When it was revoked; a revoked key opens nothing.</param>
public sealed record ApiKey(long Id, string Name, string Prefix, string KeyHash, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Whether the key still opens the API.</summary>
    public bool IsActive => RevokedAt is null;
}
