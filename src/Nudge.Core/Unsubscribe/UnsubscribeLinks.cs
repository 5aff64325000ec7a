using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nudge.Core.Unsubscribe;

/// <summary>
/// The ways out that every sequence mail offers (RFC 2369 <c>List-Unsubscribe</c>, RFC 8058 one-click): a mailto to the
/// sending mailbox whose subject carries the token, and, when Nudge is reachable from the internet, an https link
/// <c>BASE/unsubscribe/TOKEN</c> that unsubscribes on a POST.
/// </summary>
public static partial class UnsubscribeLinks
{
    /// <summary>The first word of the mailto subject, before the token.</summary>
    public const string SubjectWord = "unsubscribe";

    /// <summary>The path segment of the one-click link under the public base URL.</summary>
    public const string PathSegment = "unsubscribe";

    /// <summary>The value of <c>List-Unsubscribe-Post</c>, and the body of the RFC 8058 POST.</summary>
    public const string OneClickPostValue = "List-Unsubscribe=One-Click";

    private const int MinTokenLength = 16;
    private const int MaxTokenLength = 64;

    /// <summary>
    /// The <c>List-Unsubscribe</c> header of a mail from <paramref name="mailboxEmail"/>: the https link first when
    /// <paramref name="publicBaseUrl"/> is given (mail clients use the first URI they support), then the mailto.
    /// </summary>
    /// <param name="mailboxEmail">The sending mailbox, which receives the mailto and hands it to the worker.</param>
    /// <param name="token">The recipient's <see cref="UnsubscribeToken"/>.</param>
    /// <param name="publicBaseUrl">Where Nudge's web endpoints are reachable, or <see langword="null"/> for mailto only.</param>
    /// <returns>The value; one-click only with an https link (an http loopback link is listed, for rehearsals, without it).</returns>
    /// <exception cref="ArgumentException">
    /// The address is not an address, the token is not a token, or the base URL is unusable (see
    /// <see cref="ValidatePublicBaseUrl"/>).
    /// </exception>
    public static ListUnsubscribeHeader CreateHeader(string mailboxEmail, string token, Uri? publicBaseUrl)
    {
        var mailto = MailtoUri(mailboxEmail, token);
        if (publicBaseUrl is null)
        {
            return new ListUnsubscribeHeader($"<{mailto}>", OneClick: false);
        }

        var link = OneClickUrl(publicBaseUrl, token);
        return new ListUnsubscribeHeader($"<{link}>, <{mailto}>", OneClick: publicBaseUrl.Scheme == Uri.UriSchemeHttps);
    }

    /// <summary>The one-click link, <c>BASE/unsubscribe/TOKEN</c>, ASCII only (an international host in punycode).</summary>
    /// <exception cref="ArgumentException">
    /// The token is not a token, or the base URL is unusable (see <see cref="ValidatePublicBaseUrl"/>).
    /// </exception>
    public static string OneClickUrl(Uri publicBaseUrl, string token)
    {
        ValidatePublicBaseUrl(publicBaseUrl);
        CheckToken(token);

        // Built by hand rather than from AbsoluteUri so that the host is in its ASCII (IDNA) form: a header must be ASCII,
        // and MimeKit would otherwise RFC 2047-encode it into something no client reads as a URI.
        var host = publicBaseUrl.HostNameType == UriHostNameType.IPv6 ? publicBaseUrl.Host : publicBaseUrl.IdnHost;
        var port = publicBaseUrl.IsDefaultPort ? "" : ":" + publicBaseUrl.Port.ToString(CultureInfo.InvariantCulture);
        var path = publicBaseUrl.AbsolutePath.TrimEnd('/');
        return $"{publicBaseUrl.Scheme}://{host}{port}{path}/{PathSegment}/{token}";
    }

    /// <summary>
    /// The mailto URI: <c>mailto:MAILBOX?subject=unsubscribe%20TOKEN</c> (RFC 6068, the address percent-encoded where it
    /// must be).
    /// </summary>
    /// <exception cref="ArgumentException">The address is not an address, or the token is not a token.</exception>
    public static string MailtoUri(string mailboxEmail, string token)
    {
        ArgumentNullException.ThrowIfNull(mailboxEmail);
        CheckToken(token);
        var at = mailboxEmail.LastIndexOf('@');
        if (at <= 0 || at == mailboxEmail.Length - 1 || mailboxEmail.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            || !mailboxEmail.Skip(at + 1).All(c => char.IsLetterOrDigit(c) || c is '-' or '.'))
        {
            throw new ArgumentException($"'{mailboxEmail}' is not an email address.", nameof(mailboxEmail));
        }

        return $"mailto:{PercentEncode(mailboxEmail[..at])}@{PercentEncode(mailboxEmail[(at + 1)..])}?subject={SubjectWord}%20{token}";
    }

    /// <summary>
    /// Checks a public base URL: absolute, https, no user name or password, no query or fragment. Plain http is allowed
    /// for loopback hosts only, for tests and rehearsals: RFC 8058 requires https in real mail.
    /// </summary>
    /// <exception cref="ArgumentException">It is none of those, with a message saying what to change.</exception>
    public static void ValidatePublicBaseUrl(Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        const string Name = nameof(publicBaseUrl);
        if (!publicBaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The public base URL '{publicBaseUrl}' must be absolute, such as https://nudge.example.com/.", Name);
        }

        if (publicBaseUrl.Scheme != Uri.UriSchemeHttps && publicBaseUrl.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException(
                $"The public base URL '{publicBaseUrl}' must be an https URL, such as https://nudge.example.com/.", Name);
        }

        if (publicBaseUrl.Scheme == Uri.UriSchemeHttp && !publicBaseUrl.IsLoopback)
        {
            throw new ArgumentException(
                $"The public base URL '{publicBaseUrl}' must use https: one-click unsubscribe (RFC 8058) requires it, and mailbox providers " +
                "ignore plain http links. http is accepted only for loopback hosts (127.0.0.1, localhost), for tests and rehearsals.", Name);
        }

        if (publicBaseUrl.UserInfo.Length > 0)
        {
            // The link is printed into every mail sent: a password in it would be handed to every recipient.
            throw new ArgumentException("The public base URL must not carry a user name or password: it is published in every mail.", Name);
        }

        if (publicBaseUrl.Query.Length > 0 || publicBaseUrl.Fragment.Length > 0)
        {
            throw new ArgumentException(
                $"The public base URL '{publicBaseUrl}' must not have a query or fragment: the links are built under its path.", Name);
        }
    }

    /// <summary>
    /// Reads the token out of the subject of a mail that answers the mailto: <c>unsubscribe TOKEN</c>, in any case, with
    /// any spacing, after any number of reply or forward prefixes (<c>Re:</c>, <c>Fwd:</c>, <c>AW:</c>…). Whether the
    /// token is genuine is <see cref="UnsubscribeToken.TryVerify"/>'s to say.
    /// </summary>
    public static bool TryReadMailtoSubject(string? subject, out string token)
    {
        token = "";

        // A real subject of this kind is short; a long one is something else, and need not be scanned.
        if (subject is null || subject.Length > 512)
        {
            return false;
        }

        var match = MailtoSubject().Match(subject);
        if (!match.Success)
        {
            return false;
        }

        token = match.Groups["token"].Value;
        return true;
    }

    private static void CheckToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);

        // The token goes verbatim into a header and a URL path: anything outside base64url could break out of either.
        if (token.Length is < MinTokenLength or > MaxTokenLength || token.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
        {
            throw new ArgumentException("The token must be 16 to 64 base64url characters, as UnsubscribeToken.Create makes.", nameof(token));
        }
    }

    /// <summary>
    /// Percent-encodes one side of an address for a mailto URI (RFC 6068): unreserved characters and the few delimiters
    /// mail addresses use stay as they are; everything else, non-ASCII included, becomes UTF-8 <c>%XX</c>.
    /// </summary>
    private static string PercentEncode(string text)
    {
        var builder = new StringBuilder(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var c = (char)rune.Value;
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit(c) || "-._~!$'*+".Contains(c, StringComparison.Ordinal)))
            {
                builder.Append(c);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // The prefixes mail clients put before a subject they answer or forward, in the languages Nudge's classifier knows.
    [GeneratedRegex(
        @"^\s*(?:(?:re|fwd?|aw|wg|tr|sv|vs|rv|enc)\s*(?:\[\d+\])?\s*:\s*)*unsubscribe(?:\s+|%20)(?<token>(?-i:[A-Za-z0-9_-]{16,64}))\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MailtoSubject();
}
