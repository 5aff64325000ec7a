using System.Globalization;
using System.Text;
using Nudge.Sandbox.Mime;

namespace Nudge.Sandbox.Api;

/// <summary>
/// Opaque page tokens. A token holds the sort key of the last item returned, not an offset, so a page does not
/// shift when a message arrives between two page requests.
/// </summary>
internal static class PageToken
{
    public static string Create(long primary, string secondary) =>
        Base64Url.Encode(Encoding.UTF8.GetBytes(primary.ToString(CultureInfo.InvariantCulture) + ":" + secondary), pad: false);

    public static bool TryRead(string token, out long primary, out string secondary)
    {
        primary = 0;
        secondary = "";
        if (Base64Url.TryDecode(token) is not { } bytes)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text[..colon], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out primary))
        {
            return false;
        }

        secondary = text[(colon + 1)..];
        return true;
    }

    /// <summary>
    /// Where the page after <paramref name="token"/> starts in <paramref name="sorted"/>, a list in (date desc, id desc)
    /// order: the first item after the token's last one. 0 without a token; <see langword="false"/> for a malformed one.
    /// </summary>
    public static bool TryFindStart<T>(IReadOnlyList<T> sorted, string? token, Func<T, long> date, Func<T, string> id, out int start)
    {
        start = 0;
        if (token is null)
        {
            return true;
        }

        if (!TryRead(token, out var lastDate, out var lastId))
        {
            return false;
        }

        while (start < sorted.Count
            && (date(sorted[start]) > lastDate
                || (date(sorted[start]) == lastDate && string.CompareOrdinal(id(sorted[start]), lastId) >= 0)))
        {
            start++;
        }

        return true;
    }
}
