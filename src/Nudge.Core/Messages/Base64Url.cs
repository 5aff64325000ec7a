namespace Nudge.Core.Messages;

/// <summary>
/// The base64url alphabet Gmail uses for <c>raw</c> and <c>body.data</c> (RFC 4648 §5: <c>-</c> and <c>_</c>, never
/// <c>+</c> or <c>/</c>). Gmail answers <c>raw</c> padded and <c>body.data</c> unpadded, so decoding accepts both.
/// </summary>
public static class Base64Url
{
    /// <summary>Encodes without padding, as Gmail accepts and as URLs prefer.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>Decodes padded or unpadded base64url.</summary>
    /// <exception cref="FormatException">The text is not base64url.</exception>
    public static byte[] Decode(string text)
    {
        var trimmed = text.AsSpan().TrimEnd('=');
        return System.Buffers.Text.Base64Url.DecodeFromChars(trimmed);
    }
}
