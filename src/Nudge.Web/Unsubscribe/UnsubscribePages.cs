using System.Net;

namespace Nudge.Web.Unsubscribe;

/// <summary>
/// The small HTML pages of the unsubscribe link. Every piece of text that varies is HTML-encoded; the pages load
/// nothing (no script, image or font), which the Content-Security-Policy of <see cref="UnsubscribeEndpoints"/> enforces.
/// </summary>
internal static class UnsubscribePages
{
    private const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;" +
        "color:#1f2328;line-height:1.5}h1{font-size:1.4rem}button{font:inherit;padding:.55rem 1.2rem;border:1px solid #1f2328;" +
        "border-radius:6px;background:#1f2328;color:#fff;cursor:pointer}";

    /// <summary>The page a GET shows: what the link will do, and the button that does it (the link itself never does).</summary>
    public static string Confirm(string address) => Page("Unsubscribe",
        $"<h1>Stop emails to {Encode(Mask(address))}?</h1>" +
        "<p>You will get no more emails of this kind at this address.</p>" +
        // No action: the form posts to this very URL, the same request a mail client's one-click unsubscribe makes.
        "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" +
        "<button type=\"submit\">Unsubscribe</button></form>");

    /// <summary>The answer to the POST, whether this request or an earlier one unsubscribed the address.</summary>
    public static string Done(string? address) => Page("Unsubscribed",
        "<h1>You are unsubscribed</h1>" +
        (address is null
            ? "<p>You will get no more emails of this kind.</p>"
            : $"<p>{Encode(Mask(address))} will get no more emails of this kind.</p>"));

    /// <summary>The answer to a token that is not valid: it says nothing about why, nor whether anyone is behind it.</summary>
    public static string NotFound() => Page("Link not valid",
        "<h1>This link is not valid</h1><p>Check that the whole link was copied from the email.</p>");

    /// <summary>
    /// The address with most of its local part hidden (<c>a***@example.com</c>): the owner recognises it, and someone
    /// the mail was forwarded to learns little from it.
    /// </summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return "***";
        }

        // The first character whole, even when it is a surrogate pair.
        var first = char.IsHighSurrogate(address[0]) && at > 1 ? 2 : 1;
        return string.Concat(address.AsSpan(0, first), "***", address.AsSpan(at));
    }

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex, nofollow\">" +
        $"<title>{Encode(title)}</title><style>{Style}</style></head><body><main>{body}</main></body></html>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
