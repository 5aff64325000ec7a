using System.Globalization;
using MimeKit;

namespace Nudge.Core.Classification;

/// <summary>
/// Classifies one inbound message as a human reply, an auto-reply, a hard or soft bounce, an unsubscribe request or
/// other automated mail. Pure and cheap: no network, no clock, patterns compiled at build time.
/// </summary>
/// <remarks>
/// The checks run from the most to the least formal: RFC 3464/5965/8098 reports first (a DSN is a bounce even when it
/// also says <c>Auto-Submitted: auto-replied</c>), then explicit unsubscribe markers, prose bounces, challenge-response
/// screens, RFC 3834 auto-replies, other machine-sent mail, and last an unsubscribe request in a short body. Every rule that marks a
/// message as automated needs a signal a person's mail client does not produce, because taking a real reply for an
/// automated message (and so following up on it) is the costliest mistake.
/// </remarks>
public static class InboundClassifier
{
    /// <summary>Classifies a parsed message.</summary>
    /// <param name="message">The inbound message.</param>
    /// <returns>The category, the facts found (failed recipient, status, return date) and the evidence.</returns>
    public static InboundClassification Classify(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var view = new MessageView(message);
        var evidence = new List<string>();

        var verdict = Report(view, evidence)
            ?? ExplicitUnsubscribe(view, evidence)
            ?? ProseBounce(view, evidence)
            ?? ChallengeResponse(view, evidence)
            ?? AutoReply(view, evidence)
            ?? Automated(view, evidence)
            ?? BodyUnsubscribe(view, evidence)
            ?? new InboundClassification(InboundCategory.HumanReply, ["No automated-mail signal"]);
        return verdict.OriginalMessageId is null ? verdict with { OriginalMessageId = RepliedTo(message) } : verdict;
    }

    /// <summary>Parses and classifies a raw RFC 5322 message.</summary>
    /// <param name="rawMessage">The message bytes, LF or CRLF line ends.</param>
    /// <param name="cancellationToken">Stops parsing.</param>
    /// <returns>See <see cref="Classify(MimeMessage)"/>.</returns>
    /// <exception cref="FormatException">The stream holds no parsable message headers.</exception>
    public static InboundClassification Classify(Stream rawMessage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        using var message = MimeMessage.Load(rawMessage, cancellationToken);
        return Classify(message);
    }

    /// <summary>Parses and classifies a raw RFC 5322 message.</summary>
    /// <param name="rawMessage">The message bytes, LF or CRLF line ends.</param>
    /// <returns>See <see cref="Classify(MimeMessage)"/>.</returns>
    /// <exception cref="FormatException">The bytes hold no parsable message headers.</exception>
    public static InboundClassification Classify(byte[] rawMessage)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        using var stream = new MemoryStream(rawMessage, writable: false);
        return Classify(stream);
    }

    private static InboundClassification? Report(MessageView view, List<string> evidence)
    {
        var feedback = view.Parts.OfType<MimePart>().FirstOrDefault(p => IsType(p, "message/feedback-report"));
        if (view.ReportType == "feedback-report" || feedback is not null)
            return Feedback(view, feedback, evidence);

        if (view.ReportType == "disposition-notification" || view.Parts.Any(p => IsType(p, "message/disposition-notification")))
        {
            evidence.Add("Content-Type multipart/report; report-type=disposition-notification (a read receipt)");
            return new InboundClassification(InboundCategory.Other, evidence);
        }

        var statusParts = view.Parts.OfType<MimePart>().Where(IsDeliveryStatus).ToList();
        if (view.ReportType != "delivery-status" && statusParts.Count == 0)
            return null;

        evidence.Add(view.ReportType == "delivery-status"
            ? "Content-Type multipart/report; report-type=delivery-status"
            : "Contains a message/delivery-status part");
        var recipients = statusParts.SelectMany(p => DeliveryStatusParser.Parse(MessageView.ReadContent(p))).ToList();
        if (recipients.Count > 0 && recipients.All(IsSuccess))
        {
            var first = recipients[0];
            evidence.Add($"Action: {first.Action ?? "none"}, Status: {first.Status ?? "none"} (a successful delivery report)");
            return new InboundClassification(InboundCategory.Other, evidence);
        }

        var notice = TextBounce.Notice(view.BodyText);
        if (!TextBounce.IsMailSystemSender(view) && AutomationSignals.IsChallengeResponse(view, notice, evidence, isReport: true))
            return new InboundClassification(InboundCategory.Other, evidence);
        return Bounce(view, recipients, evidence);
    }

    private static InboundClassification Feedback(MessageView view, MimePart? part, List<string> evidence)
    {
        var fields = part is null ? "" : MessageView.ReadContent(part);
        var type = fields.Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("Feedback-Type:", StringComparison.OrdinalIgnoreCase))?["Feedback-Type:".Length..].Trim()
            .ToLowerInvariant();
        evidence.Add("Content-Type multipart/report; report-type=feedback-report (RFC 5965)");
        evidence.Add($"Feedback-Type: {type ?? "(none)"}");
        var category = type is "opt-out" or "optout" or "unsubscribe" ? InboundCategory.UnsubscribeRequest : InboundCategory.Other;
        return new InboundClassification(category, evidence) { OriginalMessageId = ReturnedMessageId(view, "") };
    }

    private static InboundClassification? ExplicitUnsubscribe(MessageView view, List<string> evidence) =>
        UnsubscribeSignals.IsExplicitRequest(view, evidence)
            ? new InboundClassification(InboundCategory.UnsubscribeRequest, evidence)
            : null;

    private static InboundClassification? ProseBounce(MessageView view, List<string> evidence)
    {
        if (!TextBounce.IsBounce(view, evidence))
            return null;
        // Some servers paste the report fields into the text instead of a message/delivery-status part.
        var text = view.BodyText;
        var recipients = DeliveryStatusParser.LooksLikeReport(text) ? DeliveryStatusParser.Parse(text) : [];
        return Bounce(view, recipients, evidence);
    }

    private static InboundClassification? ChallengeResponse(MessageView view, List<string> evidence) =>
        AutomationSignals.IsChallengeResponse(view, view.UnquotedText, evidence, isReport: false)
            ? new InboundClassification(InboundCategory.Other, evidence)
            : null;

    private static InboundClassification? AutoReply(MessageView view, List<string> evidence)
    {
        if (!AutoReplySignals.IsAutoReply(view, evidence))
            return null;
        var returnDate = ReturnDateParser.Parse(view.Subject + "\n" + view.UnquotedText, view.SentDate);
        if (returnDate is { } date)
            evidence.Add("Back on " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new InboundClassification(InboundCategory.AutoReply, evidence) { ReturnDate = returnDate };
    }

    private static InboundClassification? Automated(MessageView view, List<string> evidence) =>
        AutomationSignals.IsAutomated(view, evidence) ? new InboundClassification(InboundCategory.Other, evidence) : null;

    private static InboundClassification? BodyUnsubscribe(MessageView view, List<string> evidence) =>
        UnsubscribeSignals.IsBodyRequest(view, evidence)
            ? new InboundClassification(InboundCategory.UnsubscribeRequest, evidence)
            : null;

    private static InboundClassification Bounce(MessageView view, IReadOnlyList<DsnRecipient> recipients, List<string> evidence)
    {
        var notice = TextBounce.Notice(view.BodyText);
        var failing = recipients.Where(r => r.IsFailure && r.Address is not null).ToList();
        var delay = TextBounce.IsDelay(view, notice);

        string? status, diagnostic, action;
        IReadOnlyList<string> failed;
        if (failing.Count > 0)
        {
            // Prefer the recipient whose failure is final; a report may also list delayed ones.
            var primary = failing.FirstOrDefault(r => r.Action == "failed") ?? failing[0];
            failed = [.. failing.Select(r => r.Address!).Distinct()];
            failed = [primary.Address!, .. failed.Where(a => a != primary.Address)];
            action = primary.Action ?? (delay ? "delayed" : null);
            diagnostic = primary.Diagnostic ?? TextBounce.Diagnostic(notice, primary.Address);
            status = PreferSpecific(primary.Status, DeliveryStatusParser.FirstStatusCode(diagnostic));
            if (primary.Action is not null)
                evidence.Add($"Action: {primary.Action}");
        }
        else
        {
            failed = TextBounce.FailedRecipients(view, notice);
            if (failed.Count == 0 && !ReferenceEquals(notice, view.BodyText))
                failed = TextBounce.FailedRecipients(view, view.BodyText);
            var reported = recipients.Count > 0 ? recipients[0] : null;
            action = reported?.Action ?? (delay ? "delayed" : null);
            diagnostic = reported?.Diagnostic ?? TextBounce.Diagnostic(notice, failed.Count > 0 ? failed[0] : null);
            var stated = DeliveryStatusParser.FirstStatusCode(diagnostic) ?? DeliveryStatusParser.FirstStatusCode(notice);
            status = PreferSpecific(reported?.Status, stated);
        }

        if (status is not null)
            evidence.Add($"Status: {status}");
        if (diagnostic is not null)
            evidence.Add($"Diagnostic: {diagnostic}");

        if (failed.Count == 0 && WrappedReport(view) is { } inner)
        {
            // Some gateways wrap the whole report in a message/rfc822 attachment of a notice of their own.
            evidence.Add("The delivery report is attached as a message");
            return Bounce(inner, [.. inner.Parts.OfType<MimePart>().Where(IsDeliveryStatus)
                .SelectMany(p => DeliveryStatusParser.Parse(MessageView.ReadContent(p)))], evidence);
        }

        var (hard, reason) = BounceSeverity.Decide(action, status, diagnostic, TextBounce.WithoutEchoedHeaders(notice));
        evidence.Add(hard ? $"Hard: {reason}" : $"Soft: {reason}");
        return new InboundClassification(hard ? InboundCategory.BounceHard : InboundCategory.BounceSoft, evidence)
        {
            FailedRecipient = failed.Count > 0 ? failed[0] : null,
            FailedRecipients = failed,
            Status = status,
            Diagnostic = diagnostic,
            OriginalMessageId = ReturnedMessageId(view, view.BodyText[notice.Length..]),
        };
    }

    /// <summary>
    /// The code inside the diagnostic is the remote server's own; the report's Status field is the reporting MTA's
    /// reading of it, often a generic x.0.0 and sometimes a wrong guess (5.1.1 for "552 5.2.2 Over quota"). The class
    /// must agree, so that a delay is never turned into a permanent failure or back.
    /// </summary>
    private static string? PreferSpecific(string? reported, string? fromText) =>
        reported is null || (fromText is not null && fromText[0] == reported[0])
            ? fromText ?? reported
            : reported;

    private static string? ReturnedMessageId(MessageView view, string inlineCopy)
    {
        foreach (var part in view.Parts)
        {
            if (part is MessagePart { Message: { } returned } && !string.IsNullOrEmpty(returned.MessageId))
                return returned.MessageId;
            if (part is MimePart mime && IsType(mime, "text/rfc822-headers")
                && TextBounce.InlineOriginalMessageId(MessageView.ReadContent(mime)) is { } id)
                return id;
        }

        return TextBounce.InlineOriginalMessageId(inlineCopy);
    }

    private static string? RepliedTo(MimeMessage message) =>
        !string.IsNullOrEmpty(message.InReplyTo) ? message.InReplyTo
        : message.References.Count > 0 ? message.References[^1]
        : null;

    private static MessageView? WrappedReport(MessageView view) =>
        view.Parts.OfType<MessagePart>()
            .Select(p => p.Message is { } m ? new MessageView(m) : null)
            .FirstOrDefault(v => v is not null && v.Parts.OfType<MimePart>().Any(IsDeliveryStatus));

    private static bool IsSuccess(DsnRecipient recipient) =>
        recipient.Action is "delivered" or "relayed" or "expanded" or "deliverable" || recipient.Status?[0] == '2';

    private static bool IsDeliveryStatus(MimePart part) =>
        IsType(part, "message/delivery-status") || IsType(part, "message/global-delivery-status");

    private static bool IsType(MimeEntity entity, string mimeType) =>
        entity.ContentType.MimeType.Equals(mimeType, StringComparison.OrdinalIgnoreCase);
}
