using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Nudge.Sandbox.Mime;

/// <summary>Parses stored bytes with MimeKit and extracts <see cref="MessageFacts"/>.</summary>
internal static partial class MimeInspector
{
    private const int SnippetLength = 200;

    public static MimeMessage Parse(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        return MimeMessage.Load(stream);
    }

    public static MessageFacts Inspect(MimeMessage message)
    {
        var referenced = new List<string>();
        if (!string.IsNullOrEmpty(message.InReplyTo))
        {
            referenced.Add(message.InReplyTo);
        }

        // Newest reference first: the direct parent is the best thread to join.
        for (var i = message.References.Count - 1; i >= 0; i--)
        {
            referenced.Add(message.References[i]);
        }

        var bodyText = BodyText(message);
        return new MessageFacts(
            Subject: message.Subject ?? "",
            MessageId: message.MessageId ?? "",
            ReferencedIds: referenced,
            From: Describe(message.From),
            To: Describe(message.To),
            Cc: Describe(message.Cc),
            Bcc: Describe(message.Bcc),
            HasRecipients: message.To.Mailboxes.Any() || message.Cc.Mailboxes.Any() || message.Bcc.Mailboxes.Any(),
            Date: message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : null,
            Snippet: Snippet(bodyText),
            BodyText: bodyText);
    }

    private static string Describe(InternetAddressList list) =>
        string.Join(", ", list.Mailboxes.Select(m => string.IsNullOrEmpty(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    private static string BodyText(MimeMessage message)
    {
        if (message.TextBody is { } text)
        {
            return text;
        }

        return message.HtmlBody is { } html ? WebUtility.HtmlDecode(HtmlTag().Replace(html, " ")) : "";
    }

    // Gmail's snippet: the start of the body text, whitespace collapsed, HTML-escaped (clients see "&#39;" for "'").
    private static string Snippet(string bodyText)
    {
        var collapsed = Whitespace().Replace(bodyText, " ").Trim();
        if (collapsed.Length > SnippetLength)
        {
            collapsed = collapsed[..SnippetLength].TrimEnd();
        }

        var escaped = new StringBuilder(collapsed.Length);
        foreach (var c in collapsed)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
