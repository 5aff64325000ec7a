using MimeKit;
using MimeKit.Utils;
using Nudge.Core.Unsubscribe;

namespace Nudge.Core.Messages;

/// <summary>
/// Builds the RFC 5322 message Nudge sends: <c>multipart/alternative</c> with text and HTML, RFC 2047 encoded headers
/// for non-ASCII names and subjects, our Message-ID, and the threading headers Gmail needs to keep a reply in its
/// thread (In-Reply-To and References naming the thread's real Message-IDs); for a sequence mail the RFC 2369/8058
/// unsubscribe headers, and for an automatic answer the RFC 3834 <c>Auto-Submitted</c> header.
/// </summary>
public static class MessageComposer
{
    /// <summary>The header that carries our send key, so that a message can be recognised as Nudge's own.</summary>
    public const string SendIdHeader = "X-Nudge-Send-Id";

    /// <summary>The RFC 3834 header that marks a message as sent automatically.</summary>
    public const string AutoSubmittedHeader = "Auto-Submitted";

    private static readonly IEnumerable<Header> NoHeaders = [];

    // RFC 5322 §2.1.1: a line of a message must not be longer than 998 characters.
    private const int MaxLineLength = 998;

    // Made once (a clone per message showed in the compose benchmark) and never changed after: writers only read it.
    private static readonly FormatOptions DosFormat = CreateDosFormat();

    /// <summary>Builds the MIME message.</summary>
    public static MimeMessage Compose(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        // Not new MimeMessage(): that constructor reads the clock and makes a Message-ID from the host name (about
        // 50 µs a message, most of the compose benchmark), only for us to replace both. Starting from no headers and
        // adding them in the order that constructor's leave them in (From, Date, Subject, Message-ID, To) writes the
        // same bytes.
        var mime = new MimeMessage(NoHeaders);
        mime.From.Add(new MailboxAddress(message.FromName, message.FromEmail));
        mime.Date = message.Date;
        mime.Subject = message.Subject;
        mime.MessageId = StripBrackets(message.MessageId);
        mime.To.Add(new MailboxAddress(message.ToName ?? string.Empty, message.ToEmail));
        if (message.InReplyTo is not null)
        {
            mime.InReplyTo = StripBrackets(message.InReplyTo);
        }

        foreach (var reference in message.References)
        {
            mime.References.Add(StripBrackets(reference));
        }

        mime.Headers.Add(SendIdHeader, message.SendId);
        if (message.ListUnsubscribe is { } unsubscribe)
        {
            // MimeKit formats List-Unsubscribe as a list of <URI>s: it folds only between them, never inside one.
            mime.Headers.Add(HeaderId.ListUnsubscribe, unsubscribe.Value);
            if (unsubscribe.OneClick)
            {
                mime.Headers.Add(HeaderId.ListUnsubscribePost, UnsubscribeLinks.OneClickPostValue);
            }
        }

        if (message.AutoSubmitted)
        {
            mime.Headers.Add(AutoSubmittedHeader, "auto-replied");
        }

        var body = new BodyBuilder { TextBody = message.Body.Text, HtmlBody = message.Body.Html };
        mime.Body = body.ToMessageBody();
        foreach (var part in mime.BodyParts.OfType<TextPart>())
        {
            // A part without Content-Transfer-Encoding is 7bit (RFC 2045 §6.1): UTF-8 text ("Chloé") or a line over
            // RFC 5322's 998 characters must be encoded, or relays and clients may mangle it. MimeKit picks
            // quoted-printable or base64 by the content; plain short-lined ASCII stays as it is.
            var encoding = part.GetBestEncoding(EncodingConstraint.SevenBit, MaxLineLength);
            if (encoding != ContentEncoding.SevenBit)
            {
                part.ContentTransferEncoding = encoding;
            }
        }

        return mime;
    }

    /// <summary>The message as Gmail's <c>raw</c>: the whole RFC 5322 text (CRLF line ends), base64url.</summary>
    public static string ToRaw(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream();
        message.WriteTo(DosFormat, stream);
        return Base64Url.Encode(stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    /// <summary>A new globally unique Message-ID in the mailbox's domain, with angle brackets.</summary>
    public static string NewMessageId(string mailboxEmail)
    {
        var at = mailboxEmail.LastIndexOf('@');
        var domain = at >= 0 ? mailboxEmail[(at + 1)..] : "nudge.local";
        return "<" + MimeUtils.GenerateMessageId(domain) + ">";
    }

    private static FormatOptions CreateDosFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    private static string StripBrackets(string id) => id.Trim().TrimStart('<').TrimEnd('>');
}
