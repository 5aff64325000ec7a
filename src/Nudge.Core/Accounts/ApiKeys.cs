using System.Security.Cryptography;
using System.Text;
using Nudge.Core.Messages;

namespace Nudge.Core.Accounts;

/// <summary>
/// Making and checking API keys: <c>nk_</c> and 256 random bits in base64url. The key is shown once, when it is made;
/// the store keeps its SHA-256 only, so a copy of the database opens nothing.
/// </summary>
public static class ApiKeys
{
    /// <summary>What every key starts with, so that a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Scheme = "nk_";

    private const int PrefixLength = 10;

    /// <summary>A new key and the record to store for it.</summary>
    /// <param name="name">What the user calls it.</param>
    /// <param name="now">When it is made.</param>
    public static (string Key, ApiKey Stored) Create(string name, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = Scheme + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        return (key, new ApiKey(0, name.Trim(), key[..PrefixLength], Hash(key), now, null, null));
    }

    /// <summary>The lowercase hex SHA-256 of a key, as stored and looked up.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a key (cheap, before any lookup).</summary>
    public static bool LooksLikeKey(string? text) =>
        text is { Length: > 20 and < 100 } && text.StartsWith(Scheme, StringComparison.Ordinal);
}
