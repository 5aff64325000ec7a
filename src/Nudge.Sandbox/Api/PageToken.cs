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
}
