using System.Text;
using MimeKit;

namespace Nudge.Tests.Core.Classification;

/// <summary>Small hand-written messages for the classifier tests.</summary>
internal static class Mail
{
    public static readonly DateTimeOffset Sent = new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A message from its raw text (LF line ends, as most of the corpus).</summary>
    public static MimeMessage Parse(string raw) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)), TestContext.Current.CancellationToken);

    /// <summary>A single-part text message; extra headers are added as given.</summary>
    public static MimeMessage Text(string subject, string body, DateTimeOffset? date = null, string from = "Jo Bloggs <jo@example.com>",
        string to = "Sam <sam@acme.example>", params (string Name, string Value)[] headers)
    {
        var message = new MimeMessage { Subject = subject, Date = date ?? Sent, Body = new TextPart("plain") { Text = body } };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        foreach (var (name, value) in headers)
            message.Headers.Add(name, value);
        return message;
    }

    /// <summary>An RFC 3464 report about one recipient, returning the message &lt;send-1@acme.example&gt;.</summary>
    public static MimeMessage DeliveryReport(string action, string status, string? diagnostic, string recipient = "Ana.Lead@Example.com",
        string extraHeaders = "") => Parse($"""
        From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
        To: sam@acme.example
        Subject: Undelivered Mail Returned to Sender
        Date: Tue, 03 Mar 2026 10:00:00 +0000
        Message-ID: <dsn-1@mx.example.net>
        {extraHeaders}MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        This is the mail system at host mx.example.net.

        I'm sorry to have to inform you that your message could not be delivered to one or more recipients.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net
        Arrival-Date: Tue, 03 Mar 2026 09:59:58 +0000

        Final-Recipient: rfc822; {recipient}
        Action: {action}
        Status: {status}
        {(diagnostic is null ? "" : "Diagnostic-Code: smtp; " + diagnostic)}

        --b1
        Content-Type: message/rfc822

        From: Sam <sam@acme.example>
        To: {recipient}
        Subject: Hello
        Message-ID: <send-1@acme.example>

        Hello Ana
        --b1--
        """);
}
