using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;

namespace Nudge.Core.Classification;

/// <summary>
/// The parts of one inbound message that the classifier reads, each computed once. Text is capped so that a huge
/// message costs no more than a normal one: every signal we look for sits near the top.
/// </summary>
internal sealed partial class MessageView
{
    private const int MaxTextLength = 48 * 1024;

    private readonly List<MimeEntity> _parts;
    private string? _bodyText;
    private string? _unquotedText;

    public MessageView(MimeMessage message)
    {
        Message = message;
        Subject = message.Subject?.Trim() ?? "";
        var from = message.From.Mailboxes.FirstOrDefault();
        FromAddress = from?.Address?.ToLowerInvariant() ?? "";
        FromLocalPart = LocalPart(FromAddress);
        FromDisplay = from?.Name ?? "";
        RawFrom = message.Headers[HeaderId.From] ?? "";
        _parts = [.. message.BodyParts];
        OwnAddresses = message.From.Mailboxes.Concat(message.To.Mailboxes).Concat(message.Cc.Mailboxes)
            .Concat(message.ReplyTo.Mailboxes).Concat(message.Sender is null ? [] : [message.Sender])
            .Select(m => m.Address.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        ReportType = FindReportType(message.Body);
    }

    public MimeMessage Message { get; }

    public string Subject { get; }

    /// <summary>The first From address, lowercased; empty when there is none.</summary>
    public string FromAddress { get; }

    public string FromLocalPart { get; }

    public string FromDisplay { get; }

    /// <summary>The From header as sent, for senders MimeKit cannot parse (a bare <c>mailer-daemon</c>).</summary>
    public string RawFrom { get; }

    /// <summary>The addresses of the notice itself (From, To, Cc, Reply-To, Sender): never the failed recipient.</summary>
    public IReadOnlySet<string> OwnAddresses { get; }

    /// <summary>The <c>report-type</c> of a multipart/report anywhere outside returned messages, lowercased.</summary>
    public string? ReportType { get; }

    /// <summary>The body parts outside any returned message (MimeKit does not descend into message/rfc822).</summary>
    public IReadOnlyList<MimeEntity> Parts => _parts;

    /// <summary>The date the message was written, when it says.</summary>
    public DateOnly? SentDate => Message.Headers.Contains(HeaderId.Date) && Message.Date != DateTimeOffset.MinValue
        ? DateOnly.FromDateTime(Message.Date.DateTime)
        : null;

    /// <summary>The readable text of the message: its inline text/plain parts, else its HTML as text.</summary>
    public string BodyText => _bodyText ??= ReadBodyText();

    /// <summary><see cref="BodyText"/> without quoted lines or the quoted original of a reply.</summary>
    public string UnquotedText => _unquotedText ??= ReplyText.Unquoted(BodyText);

    public string? Header(string name) => Message.Headers[name]?.Trim();

    public static string LocalPart(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address : address[..at];
    }

    /// <summary>The decoded content of a leaf part as text (delivery-status and feedback parts are not TextParts).</summary>
    public static string ReadContent(MimePart part)
    {
        if (part is TextPart text)
            return Cap(text.Text ?? "");
        if (part.Content is null)
            return "";
        using var buffer = new MemoryStream();
        part.Content.DecodeTo(buffer);
        var length = (int)Math.Min(buffer.Length, MaxTextLength);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, length);
    }

    private string ReadBodyText()
    {
        var plain = new StringBuilder();
        var html = new StringBuilder();
        foreach (var part in _parts.OfType<TextPart>())
        {
            if (part.IsAttachment || plain.Length >= MaxTextLength)
                continue;
            if (part.IsPlain)
                plain.Append(part.Text).Append('\n');
            else if (part.IsHtml && plain.Length == 0)
                html.Append(HtmlText(Cap(part.Text ?? ""))).Append('\n');
        }

        var text = plain.Length > 0 ? plain.ToString() : html.Length > 0 ? html.ToString() : RawBody();
        return Cap(BlankLines().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "\n"));
    }

    /// <summary>
    /// The body as sent, for a multipart whose boundary MimeKit cannot find (a parameter left unfolded on its own
    /// line): the notice is still readable text.
    /// </summary>
    private string RawBody()
    {
        if (Message.Body is null)
            return "";
        using var buffer = new MemoryStream();
        Message.Body.WriteTo(FormatOptions.Default, buffer, contentOnly: true);
        var length = (int)Math.Min(buffer.Length, MaxTextLength);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, length);
    }

    /// <summary>The text of an HTML body, one line per block, without scripts, styles or quoted blocks.</summary>
    private static string HtmlText(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            if (token is HtmlDataToken data && hidden == 0)
            {
                text.Append(data.Data);
            }
            else if (token is HtmlTagToken tag)
            {
                if (tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.BlockQuote or HtmlTagId.Head)
                    hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                else if (tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI or HtmlTagId.H1
                         or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.Table or HtmlTagId.HR)
                    text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Cap(string text) => text.Length > MaxTextLength ? text[..MaxTextLength] : text;

    /// <summary>Runs of whitespace-only lines, which HTML conversion leaves by the hundred.</summary>
    [GeneratedRegex(@"\n(?:[^\S\n]*\n)+", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    private static string? FindReportType(MimeEntity? entity) => entity switch
    {
        MultipartReport report => report.ReportType?.ToLowerInvariant(),
        Multipart multipart => multipart.Select(FindReportType).FirstOrDefault(t => t is not null),
        _ => null,
    };
}
