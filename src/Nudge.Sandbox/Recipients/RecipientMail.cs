using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using Nudge.Sandbox.Mime;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// Writes the answers a person (or their vacation responder) sends back: reply, out-of-office, unsubscribe request.
/// They arrive as mail from outside arrives in Gmail: <c>Delivered-To</c> and <c>Received</c> on top, then the
/// sender's own headers.
/// </summary>
internal static class RecipientMail
{
    private const int QuotedLines = 12;
    private static readonly FormatOptions CrLf = CreateFormat();

    public static MimeMessage Build(ScheduledDelivery item, MimeMessage original)
    {
        var from = new MailboxAddress(item.RecipientName ?? "", item.Recipient);
        var domain = DomainOf(item.Recipient);
        var message = NewMessage();
        message.Headers.Add("Delivered-To", item.Mailbox.Email);
        message.Headers.Add("Received", Received(domain, item.Mailbox.Email, item.DueAt));
        message.Headers.Add("Return-Path", "<" + item.Recipient + ">");
        message.From.Add(from);
        message.Date = item.DueAt;
        message.Headers.Add("Message-ID", "<" + (IsGoogleDomain(domain) ? MessageIdFactory.Create() : MimeUtils.GenerateMessageId(domain)) + ">");
        message.Subject = item.Behaviour == RecipientBehaviour.OutOfOffice && !string.IsNullOrWhiteSpace(item.Subject)
            // Gmail's vacation responseSubject is put in front of the reply subject.
            ? item.Subject.Trim() + " " + ReplySubject(original.Subject)
            : ReplySubject(original.Subject);
        message.To.AddRange(original.ReplyTo.Count > 0 ? original.ReplyTo : original.From);
        ThreadOnto(message, original);

        string body;
        switch (item.Behaviour)
        {
            case RecipientBehaviour.OutOfOffice:
                // RFC 3834, which Gmail's vacation responder follows; it sends no Precedence header (a 2009 Gmail
                // vacation reply in the corpus had Precedence: bulk and X-Autoreply: yes, from before RFC 3834 use).
                message.Headers.Add("Auto-Submitted", "auto-replied");
                body = OutOfOfficeText(item);
                break;
            case RecipientBehaviour.Unsubscribe:
                body = (item.Text ?? "Please unsubscribe me and remove me from your list.\n\nThanks") + Quote(original);
                break;
            default:
                body = (item.Text ?? "Thanks for getting in touch. Yes, I'd be happy to talk: when suits you?") + Quote(original);
                break;
        }

        var text = new TextPart("plain");
        text.SetText("UTF-8", Crlf(body));
        message.Body = text;
        return message;
    }

    /// <summary>In-Reply-To names the message answered; References is its References plus its Message-ID.</summary>
    public static void ThreadOnto(MimeMessage message, MimeMessage original)
    {
        if (string.IsNullOrEmpty(original.MessageId))
        {
            return;
        }

        message.InReplyTo = original.MessageId;
        foreach (var reference in original.References)
        {
            message.References.Add(reference);
        }

        message.References.Add(original.MessageId);
    }

    /// <summary>A message without the From, Date, Subject and Message-Id headers MimeKit's constructor puts first, so
    /// that the headers come in the order they are added, as an MTA prepends trace headers to the sender's.</summary>
    public static MimeMessage NewMessage()
    {
        var message = new MimeMessage();
        message.Headers.Clear();
        return message;
    }

    public static string Received(string fromDomain, string forAddress, DateTimeOffset at) =>
        $"from mail.{fromDomain} (mail.{fromDomain}. [192.0.2.{RandomNumberGenerator.GetInt32(10, 250)}]) by mx.google.com "
        + $"with ESMTPS id {RandomId(20)} for <{forAddress}>; {DateUtils.FormatDate(at)}";

    public static string RandomId(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    public static byte[] Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(CrLf, buffer);
        return buffer.ToArray();
    }

    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n");

    private static bool IsGoogleDomain(string domain) => domain is "gmail.com" or "googlemail.com";

    private static string ReplySubject(string? subject)
    {
        var text = (subject ?? "").Trim();
        return text.StartsWith("re:", StringComparison.OrdinalIgnoreCase) ? text : "Re: " + text;
    }

    private static string OutOfOfficeText(ScheduledDelivery item)
    {
        var until = item.ReturnDate is { } date
            ? "I am out of the office until " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "."
            : null;
        if (item.Text is { } text)
        {
            return until is null ? text : text + "\n\n" + until;
        }

        return (until ?? "I am out of the office.") + " I have limited access to email and will reply when I am back.";
    }

    // Gmail's quote header: "On Mon, Mar 2, 2026 at 9:00 AM Sam <sam@acme.example> wrote:".
    private static string Quote(MimeMessage original)
    {
        var sender = original.From.Mailboxes.FirstOrDefault();
        var who = sender is null ? "" : string.IsNullOrEmpty(sender.Name) ? $"<{sender.Address}>" : $"{sender.Name} <{sender.Address}>";
        var when = original.Headers.Contains(HeaderId.Date)
            ? original.Date.ToString("ddd, MMM d, yyyy 'at' h:mm tt", CultureInfo.InvariantCulture) + " "
            : "";
        var quoted = new StringBuilder();
        quoted.Append("\n\nOn ").Append(when).Append(who).Append(" wrote:\n\n");
        var lines = (original.TextBody ?? "").ReplaceLineEndings("\n").TrimEnd().Split('\n');
        foreach (var line in lines.Take(QuotedLines))
        {
            quoted.Append(line.Length == 0 ? ">" : "> " + line).Append('\n');
        }

        if (lines.Length > QuotedLines)
        {
            quoted.Append("> ...\n");
        }

        return quoted.ToString();
    }

    private static FormatOptions CreateFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }
}
