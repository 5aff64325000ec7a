using MimeKit;
using Nudge.Core.Classification;
using Nudge.Core.Messages;

namespace Nudge.Core.Rules;

/// <summary>
/// The never-loop guard in front of every templated reply: two auto-responders that answer each other send mail
/// forever, and a reply to a list, a bounce or a no-reply address reaches no person. It refuses on any sign that
/// the message was not written by a person to us, so it is stricter than <see cref="InboundClassifier"/>, which it
/// consults last.
/// </summary>
/// <remarks>
/// Unlike the classifier, it honours <c>X-Auto-Response-Suppress</c>: a sender who asks for no automatic responses
/// gets none, even from a mail client that also sets it on messages a person wrote.
/// </remarks>
public static class ReplyGuard
{
    private static readonly string[] AutoReplyHeaders = ["X-Autoreply", "X-Autorespond"];
    private static readonly string[] ListHeaders = ["List-Id", "List-Unsubscribe", "List-Post"];
    private static readonly string[] SuppressedResponses = ["All", "OOF", "AutoReply", "DR", "RN", "NRN"];
    private static readonly string[] AutomatedPrecedence = ["bulk", "junk", "list", "auto_reply", "auto-reply"];

    /// <summary>Why no templated reply may be sent to <paramref name="message"/>, or <see langword="null"/> when one may.</summary>
    /// <param name="message">The inbound message; headers alone suffice, a body lets the classifier see more.</param>
    /// <param name="ownAddresses">The watched mailbox's addresses (its own and its send-as aliases).</param>
    /// <returns>The first reason found, naming its evidence, such as <c>Auto-Submitted: auto-replied</c>.</returns>
    public static string? RefusalReason(MimeMessage message, IReadOnlyCollection<string> ownAddresses)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(ownAddresses);
        return HeaderReason(message) ?? SenderReason(message, ownAddresses) ?? ClassifierReason(message);
    }

    private static string? HeaderReason(MimeMessage message)
    {
        // Our own message coming back (a copy in the inbox, a forward loop) must never be answered.
        if (message.Headers.Contains(MessageComposer.SendIdHeader))
        {
            return $"{MessageComposer.SendIdHeader} present (a message Nudge sent)";
        }

        foreach (var value in Values(message, "Auto-Submitted"))
        {
            // RFC 3834: "no" means a person sent it; anything else (auto-replied, auto-generated, extensions) is machine mail.
            var keyword = value.Split(';', '(')[0].Trim();
            if (!keyword.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                return $"Auto-Submitted: {value}";
            }
        }

        foreach (var name in AutoReplyHeaders)
        {
            if (Values(message, name).FirstOrDefault() is { } value)
            {
                return $"{name}: {value}";
            }
        }

        foreach (var value in Values(message, "X-Auto-Response-Suppress"))
        {
            var asked = value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (asked.Any(a => SuppressedResponses.Contains(a, StringComparer.OrdinalIgnoreCase)))
            {
                return $"X-Auto-Response-Suppress: {value}";
            }
        }

        foreach (var value in Values(message, "Precedence"))
        {
            if (AutomatedPrecedence.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return $"Precedence: {value}";
            }
        }

        foreach (var name in ListHeaders)
        {
            if (message.Headers.Contains(name))
            {
                return $"{name} present (mailing list or newsletter)";
            }
        }

        if (message.Headers.Contains("Feedback-ID"))
        {
            return "Feedback-ID present (bulk sender)";
        }

        return TextBounce.IsNullReturnPath(new MessageView(message)) ? "Return-Path: <> (a bounce or delivery report)" : null;
    }

    private static string? SenderReason(MimeMessage message, IReadOnlyCollection<string> ownAddresses)
    {
        // A bare "MAILER-DAEMON" parses as a mailbox without a domain: nobody a reply could reach.
        var from = message.From.Mailboxes.Where(m => HasDomain(m.Address)).ToList();
        if (from.Count == 0)
        {
            return message.Headers[HeaderId.From] is { } raw && raw.Trim().Length > 0
                ? $"no sender address (From: {raw.Trim()})"
                : "no sender (the message has no From address)";
        }

        IEnumerable<(string Header, MailboxAddress Mailbox)> senders =
        [
            .. from.Select(m => ("From", m)),
            .. message.Sender is { } sender ? [("Sender", sender)] : Array.Empty<(string, MailboxAddress)>(),
            .. message.ReplyTo.Mailboxes.Select(m => ("Reply-To", m)),
        ];
        foreach (var (header, mailbox) in senders)
        {
            var address = mailbox.Address.Trim();
            if (ownAddresses.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                return $"sender {address} ({header}) is our own address";
            }

            if (IsNoReply(address))
            {
                return $"sender {address} ({header}) does not take replies";
            }
        }

        return null;
    }

    private static string? ClassifierReason(MimeMessage message)
    {
        var verdict = InboundClassifier.Classify(message);
        return verdict.Category == InboundCategory.HumanReply
            ? null
            : $"classified as {verdict.Category}: {string.Join("; ", verdict.Evidence)}";
    }

    /// <summary>no-reply, do-not-reply, notifications, bounces, mailer-daemon, postmaster and the like, with +tags or suffixes.</summary>
    private static bool IsNoReply(string address)
    {
        var local = MessageView.LocalPart(address);
        if (AutomationSignals.NoReplyLocalPart().IsMatch(local))
        {
            return true;
        }

        // The mail-system names are matched whole; try them without a +tag and without one trailing suffix (postmaster-eu).
        var untagged = local.Split('+')[0];
        var cut = untagged.LastIndexOfAny(['-', '_', '.']);
        return Email.MailerLocalPart().IsMatch(untagged) || (cut > 0 && Email.MailerLocalPart().IsMatch(untagged[..cut]));
    }

    private static bool HasDomain(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < address.Length - 1;
    }

    private static IEnumerable<string> Values(MimeMessage message, string name) =>
        message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim());
}
