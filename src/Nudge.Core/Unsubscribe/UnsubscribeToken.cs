using System.Buffers.Binary;
using System.Security.Cryptography;
using Nudge.Core.Messages;

namespace Nudge.Core.Unsubscribe;

/// <summary>
/// The credential in an unsubscribe link or mailto subject: an enrollment id signed with the installation's key, so
/// that nobody can unsubscribe someone else by guessing or changing an id.
/// </summary>
/// <remarks>
/// A token is 32 base64url characters (<c>[A-Za-z0-9_-]</c>, no padding) of 24 bytes: the enrollment id, 8 bytes
/// big-endian, then the first 16 bytes of HMAC-SHA256 under the key over <c>"nudge-unsubscribe-v1"</c> followed by
/// those 8 bytes. The prefix keeps a tag made for this purpose from ever serving as a tag for another use of the same
/// key, and names the format's version. 128 bits of tag are far beyond what an online guesser can try.
/// </remarks>
public static class UnsubscribeToken
{
    /// <summary>The fewest key bytes accepted: HMAC-SHA256's own output size.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>The length of every token, in characters.</summary>
    public const int Length = 32;

    private const int IdLength = 8;
    private const int TagLength = 16;
    private const int TokenBytes = IdLength + TagLength;

    private static ReadOnlySpan<byte> Domain => "nudge-unsubscribe-v1"u8;

    /// <summary>The token for <paramref name="enrollmentId"/> under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="enrollmentId"/> is not positive (store ids are).</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is shorter than <see cref="MinimumKeyLength"/> bytes.</exception>
    public static string Create(long enrollmentId, ReadOnlySpan<byte> key)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(enrollmentId);
        CheckKey(key);
        Span<byte> token = stackalloc byte[TokenBytes];
        BinaryPrimitives.WriteInt64BigEndian(token[..IdLength], enrollmentId);
        ComputeTag(key, token[..IdLength], token[IdLength..]);
        return Base64Url.Encode(token);
    }

    /// <summary>
    /// Reads the enrollment id out of <paramref name="token"/> if <paramref name="key"/> signed it. Any other text
    /// (empty, too long, another alphabet, a changed character, another key's token) gives <see langword="false"/>; it
    /// never throws for the token.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is shorter than <see cref="MinimumKeyLength"/> bytes.</exception>
    public static bool TryVerify(string? token, ReadOnlySpan<byte> key, out long enrollmentId)
    {
        CheckKey(key);
        enrollmentId = 0;

        // The alphabet is checked by hand because the base64 decoders skip whitespace, and a token with a space in it
        // must not verify. 32 characters are exactly 24 bytes, so no two texts decode to the same bytes.
        if (token is null || token.Length != Length || !IsBase64UrlAlphabet(token))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        if (!System.Buffers.Text.Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != TokenBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(key, bytes[..IdLength], expected);

        // Constant time, so that how long a refusal takes says nothing about how much of the tag was right.
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[IdLength..]))
        {
            return false;
        }

        var id = BinaryPrimitives.ReadInt64BigEndian(bytes[..IdLength]);
        if (id <= 0)
        {
            return false;
        }

        enrollmentId = id;
        return true;
    }

    private static void ComputeTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        Span<byte> message = stackalloc byte[Domain.Length + payload.Length];
        Domain.CopyTo(message);
        payload.CopyTo(message[Domain.Length..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, mac);
        mac[..TagLength].CopyTo(tag);
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException(
                $"The unsubscribe key must be at least {MinimumKeyLength} random bytes; it has {key.Length}.", nameof(key));
        }
    }

    private static bool IsBase64UrlAlphabet(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
