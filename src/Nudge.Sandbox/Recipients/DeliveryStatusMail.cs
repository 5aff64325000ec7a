using System.Net;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// Writes the delivery status notifications Gmail's mailer-daemon sends back to the sender (RFC 3464, RFC 6522),
/// shaped like Gmail's own: a <c>multipart/report; report-type=delivery-status</c> holding the human-readable text
/// (plain and HTML), a <c>message/delivery-status</c> part and the original message.
/// </summary>
/// <remarks>
/// Modelled on the Gmail DSNs in the shared corpus, which carry the whole original as <c>message/rfc822</c> (not
/// <c>text/rfc822-headers</c>); an original over <see cref="MaxReturnedBytes"/> is returned as its headers only.
/// Gmail's HTML part and its <c>multipart/related</c> wrapper with an error icon are simplified to a plain
/// <c>multipart/alternative</c>. A hard bounce is the 550 5.1.1 "address not found" failure; a soft bounce is the
/// 452 4.2.2 "inbox out of storage space" delay notice, which Gmail sends while it keeps retrying for 48 hours.
/// </remarks>
internal static class DeliveryStatusMail
{
    private const int MaxReturnedBytes = 256 * 1024;
    private const int RetryHours = 48;

    public static MimeMessage Build(ScheduledDelivery item, MimeMessage original)
    {
        var hard = item.Behaviour == RecipientBehaviour.HardBounce;
        var smtpId = RecipientMail.RandomId(13) + "-" + RecipientMail.RandomId(18) + ".0";
        var message = RecipientMail.NewMessage();
        message.Headers.Add("Delivered-To", item.Mailbox.Email);
        message.Headers.Add("Received", $"by 2002:a05:6a00:{Hex(4)}:b0:{Hex(3)}:{Hex(4)}:{Hex(4)} with SMTP id {RecipientMail.RandomId(20)}; {DateUtils.FormatDate(item.DueAt)}");
        message.Headers.Add("Return-Path", "<>");
        message.From.Add(new MailboxAddress("Mail Delivery Subsystem", "mailer-daemon@googlemail.com"));
        message.To.AddRange(original.From);
        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.Subject = hard ? "Delivery Status Notification (Failure)" : "Delivery Status Notification (Delay)";
        message.Headers.Add("Message-ID", $"<{Hex(8)}.{Hex(8)}.{Hex(5)}.{Hex(4)}.GMR@mx.google.com>");
        message.Date = item.DueAt;
        RecipientMail.ThreadOnto(message, original);
        if (hard)
        {
            // Gmail names permanently failed recipients here; its delay notices have no such header.
            message.Headers.Add("X-Failed-Recipients", item.Recipient);
        }

        var report = new MultipartReport("delivery-status")
        {
            Readable(item, hard, smtpId),
            Status(item, original, hard, smtpId),
            Returned(original),
        };
        message.Body = report;
        return message;
    }

    private static Multipart Readable(ScheduledDelivery item, bool hard, string smtpId)
    {
        string plain;
        if (hard)
        {
            plain = $"""

                ** Address not found **

                Your message wasn't delivered to {item.Recipient} because the address couldn't be found, or is unable to receive email.

                Learn more here: https://support.google.com/mail/?p=NoSuchUser

                The response was:

                550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser {smtpId} - gsmtp

                """;
        }
        else
        {
            plain = $"""

                ** Delivery incomplete **

                There was a temporary problem delivering your message to {item.Recipient}. Gmail will retry for {HoursLeft(item)} more hours. You'll be notified if the delivery fails permanently.

                Learn more here: https://support.google.com/mail/?p=OverQuotaTemp

                The response was:

                452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp {smtpId} - gsmtp

                """;
        }

        var html = new StringBuilder("<html>\n<body>\n");
        foreach (var paragraph in plain.Trim().Split("\n\n"))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph.Trim('*', ' '))).Append("</p>\n");
        }

        html.Append("</body>\n</html>\n");
        var plainPart = new TextPart("plain");
        plainPart.SetText("UTF-8", RecipientMail.Crlf(plain));
        var htmlPart = new TextPart("html");
        htmlPart.SetText("UTF-8", RecipientMail.Crlf(html.ToString()));
        return new MultipartAlternative { plainPart, htmlPart };
    }

    private static MessageDeliveryStatus Status(ScheduledDelivery item, MimeMessage original, bool hard, string smtpId)
    {
        var domain = RecipientMail.DomainOf(item.Recipient);
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", "dns; googlemail.com" },
            { "Received-From-MTA", "dns; " + item.Mailbox.Email },
            { "Arrival-Date", DateUtils.FormatDate(item.SentAt) },
        };
        if (!string.IsNullOrEmpty(original.MessageId))
        {
            perMessage.Add("X-Original-Message-ID", "<" + original.MessageId + ">");
        }

        var remoteMta = domain is "gmail.com" or "googlemail.com" ? "gmail-smtp-in.l.google.com." : "mx." + domain + ".";
        var perRecipient = new HeaderList
        {
            { "Final-Recipient", "rfc822; " + item.Recipient },
            { "Action", hard ? "failed" : "delayed" },
            { "Status", hard ? "5.1.1" : "4.2.2" },
            { "Remote-MTA", $"dns; {remoteMta} (192.0.2.25, the server for the domain {domain}.)" },
        };

        // Multi-line SMTP replies keep their "550-5.1.1" continuation prefixes, folded one reply line per header line.
        var diagnostic = new Header("Diagnostic-Code", "smtp");
        diagnostic.SetRawValue(Encoding.ASCII.GetBytes(hard
            ? " smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n"
                + " 550-5.1.1 double-checking the recipient's email address for typos or\r\n"
                + " 550-5.1.1 unnecessary spaces. For more information, go to\r\n"
                + $" 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser {smtpId} - gsmtp\r\n"
            : " smtp; 452-4.2.2 The recipient's inbox is out of storage space. Please direct the\r\n"
                + " 452-4.2.2 recipient to\r\n"
                + $" 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp {smtpId} - gsmtp\r\n"));
        perRecipient.Add(diagnostic);
        perRecipient.Add("Last-Attempt-Date", DateUtils.FormatDate(item.DueAt));
        if (!hard)
        {
            perRecipient.Add("Will-Retry-Until", DateUtils.FormatDate(item.SentAt.AddHours(RetryHours)));
        }

        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        return status;
    }

    private static MimeEntity Returned(MimeMessage original)
    {
        using var measure = new MemoryStream();
        original.WriteTo(measure);
        if (measure.Length <= MaxReturnedBytes)
        {
            return new MessagePart("rfc822") { Message = original };
        }

        // A header block followed by an empty line parses as a message without a body.
        using var buffer = new MemoryStream();
        original.Headers.WriteTo(buffer);
        buffer.Write("\r\n"u8);
        buffer.Position = 0;
        return new TextRfc822Headers { Message = MimeMessage.Load(buffer) };
    }

    private static int HoursLeft(ScheduledDelivery item) =>
        Math.Max(1, (int)Math.Floor((item.SentAt.AddHours(RetryHours) - item.DueAt).TotalHours));

    private static string Hex(int digits)
    {
        var bytes = RandomNumberGenerator.GetBytes((digits + 1) / 2);
        return Convert.ToHexStringLower(bytes)[..digits];
    }
}
