using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nudge.Core.Messages;

namespace Nudge.Core.Webhooks;

/// <summary>
/// Signs webhook deliveries so that a receiver can tell them from forgeries and replays: the header
/// <c>Nudge-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, the HMAC keyed with the webhook's secret (its
/// UTF-8 bytes) over <c>"&lt;t&gt;.&lt;body&gt;"</c>. A receiver recomputes it over the raw body, compares in constant
/// time, and refuses a <c>t</c> too far from its own clock.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature.</summary>
    public const string Header = "Nudge-Signature";

    /// <summary>The header carrying the delivery's id, the same on every attempt.</summary>
    public const string DeliveryHeader = "Nudge-Delivery";

    /// <summary>What every secret starts with, so that a leaked one is recognisable.</summary>
    public const string SecretScheme = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> and 256 random bits in base64url.</summary>
    public static string CreateSecret() => SecretScheme + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Sign(string secret, DateTimeOffset at, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        var timestamp = at.ToUnixTimeSeconds();
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, timestamp, body)}";
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> with <paramref name="secret"/>,
    /// made within <paramref name="tolerance"/> of <paramref name="now"/>. What a receiver runs; the tests run it too.
    /// </summary>
    public static bool Verify(string? header, string secret, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (header is null)
        {
            return false;
        }

        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal)
                && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signatures.Add(part[3..]);
            }
        }

        if (timestamp is not { } seconds || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, seconds, body));
        // Constant time: how long the comparison takes must say nothing about how much of a forgery was right.
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }

    private static string Compute(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
