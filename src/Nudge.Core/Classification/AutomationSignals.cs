using System.Text.RegularExpressions;
using MimeKit;

namespace Nudge.Core.Classification;

/// <summary>
/// Machine-sent mail that is neither a bounce nor an auto-reply: lists and bulk mail, no-reply senders,
/// challenge-response screens. Each signal is one that a person's own mail client does not produce.
/// </summary>
internal static partial class AutomationSignals
{
    private static readonly string[] ListServerHeaders =
        ["X-MLServer", "X-ML-Server", "X-Mailman-Version", "X-Sympa-To", "X-Listserver", "X-Majordomo-Version"];

    /// <summary>Whether the message is a challenge-response screen ("add yourself to my allowed list").</summary>
    /// <param name="view">The message.</param>
    /// <param name="text">The text to read.</param>
    /// <param name="evidence">Receives the signal found.</param>
    /// <param name="isReport">
    /// Whether the message is already known to be machine-made (a delivery report), so that looser wording such as
    /// "guest list" is enough; in a person's message those words mean something else.
    /// </param>
    public static bool IsChallengeResponse(MessageView view, string text, List<string> evidence, bool isReport)
    {
        if (ChallengeHeader(view) is { } header)
        {
            evidence.Add($"Challenge-response header {header}");
            return true;
        }

        var wording = ChallengeWording().Match(text);
        if (!wording.Success && isReport)
            wording = ReportChallengeWording().Match(text);
        if (!wording.Success)
            return false;
        evidence.Add($"Challenge-response: \"{wording.Value.Trim()}\"");
        return true;
    }

    /// <summary>Whether the message is machine-sent; adds the signals it found to <paramref name="evidence"/>.</summary>
    public static bool IsAutomated(MessageView view, List<string> evidence)
    {
        var found = new List<string>();
        var precedence = view.Header("Precedence")?.ToLowerInvariant();
        if (precedence is "bulk" or "list" or "junk")
            found.Add($"Precedence: {precedence}");
        if (view.Header("List-Id") is { } listId && (view.Header("List-Unsubscribe") is not null || precedence is not null))
            found.Add($"List-Id: {listId}");
        if (NoReplyLocalPart().IsMatch(view.FromLocalPart))
            found.Add($"From: {view.FromAddress} (a no-reply sender)");
        if (TextBounce.IsNullReturnPath(view))
            found.Add("Return-Path: <> (null sender)");
        else if (view.Header("Return-Path") is { } returnPath && MailboxAddress.TryParse(returnPath, out var envelope)
                 && BulkReturnPath().IsMatch(MessageView.LocalPart(envelope.Address)))
            found.Add($"Return-Path: {envelope.Address} (a bulk sender's bounce address)");
        if (ListServerHeader(view) is { } server)
            found.Add($"{server} (a list server)");

        if (found.Count == 0)
            return false;
        evidence.AddRange(found);
        return true;
    }

    private static string? ListServerHeader(MessageView view)
    {
        foreach (var name in ListServerHeaders)
        {
            if (view.Header(name) is { } value)
                return $"{name}: {value}";
        }

        return null;
    }

    private static string? ChallengeHeader(MessageView view)
    {
        foreach (var header in view.Message.Headers)
        {
            if (ChallengeHeaderName().IsMatch(header.Field))
                return header.Field;
        }

        return null;
    }

    [GeneratedRegex(@"^X-(?:Bluebottle-Request|Boxbe-\w+|Spamarrest-\w+|SpamArrest-\w+|Mailblocks\w*|ChoiceMail\w*|Sanebox\w*|CR-\w+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChallengeHeaderName();

    [GeneratedRegex("""
        not\s+pre-?approved | to\s+have\s+your\s+(?:e-?mail\s+)?address\s+added
        | add\s+yourself\s+to\s+my\s+(?:\w+\s+)?(?:guest|allowed|approved|safe)\s*list
        | verify\s+(?:that\s+)?you\s+are\s+(?:a\s+)?(?:human|real\s+person|not\s+a\s+(?:robot|spammer)) | challenge[\s-]response
        | (?:white|allow)-?list\s+(?:request|verification)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ChallengeWording();

    [GeneratedRegex("""
        guest\s+list | wait-?listed | allowed\s+(?:senders?\s+)?list | approved\s+senders?\s+list
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ReportChallengeWording();

    [GeneratedRegex("""
        ^(?:no[-_.]?reply | do[-_.]?not[-_.]?reply | dont[-_.]?reply | notifications? | notify | alerts? | automailer | mailer
        | auto[-_.]?confirm | bounces?)(?:[-_.+].*)?$
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    internal static partial Regex NoReplyLocalPart();

    /// <summary>
    /// Bounce-handling envelope senders of bulk mailers (<c>bounces-list+user=example.com@…</c>, <c>list-bounces@…</c>).
    /// A plain VERP shape is not enough: Gmail's auto-forwarding rewrites a person's envelope to <c>jo+caf_=sam=…@</c>.
    /// </summary>
    [GeneratedRegex(@"^(?:bounces?|bnc|mailer)[-_.+]|[-_.+]bounces?(?:[-_.+]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BulkReturnPath();
}
