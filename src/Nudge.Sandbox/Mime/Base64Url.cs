namespace Nudge.Sandbox.Mime;

/// <summary>Gmail's base64 flavours: <c>raw</c> goes out padded, <c>body.data</c> unpadded; input may be either.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes, bool pad)
    {
        var text = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        return pad ? text : text.TrimEnd('=');
    }

    /// <summary>
    /// Decodes leniently, as Google's parser does for <c>bytes</c> fields: url-safe or standard alphabet, with or
    /// without padding.
    /// </summary>
    public static byte[]? TryDecode(string text)
    {
        var standard = text.Trim().Replace('-', '+').Replace('_', '/').TrimEnd('=');
        if (standard.Length % 4 == 1)
        {
            return null;
        }

        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var buffer = new byte[standard.Length / 4 * 3];
        return Convert.TryFromBase64String(standard, buffer, out var written) ? buffer[..written] : null;
    }
}
