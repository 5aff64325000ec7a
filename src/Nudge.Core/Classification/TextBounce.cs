using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// Bounces that are not RFC 3464 reports: qmail, Exim, Postfix, Sendmail, Exchange, Lotus, Yahoo and the like write
/// prose. A notice is recognised by adding up independent signals (a mail-system sender, a failure subject, the
/// wording of known MTAs), so that one signal alone, such as a person writing "could not be delivered", never suffices.
/// </summary>
internal static partial class TextBounce
{
    private const int Threshold = 3;

    /// <summary>Whether the message is a bounce notice; adds the signals it found to <paramref name="evidence"/>.</summary>
    public static bool IsBounce(MessageView view, List<string> evidence)
    {
        if (view.Header("X-Failed-Recipients") is { Length: > 0 } failed)
        {
            evidence.Add($"X-Failed-Recipients: {failed}");
            return true;
        }

        var found = new List<string>();
        var score = 0;
        // A person may write a failure subject and failure words; only software sends from a mail system, with a
        // null envelope, in an MTA's stock sentences, or with the original attached.
        var machine = false;
        if (IsMailSystemSender(view))
        {
            machine = true;
            score += 2;
            found.Add($"From: {view.RawFrom.Trim()} (a mail system)");
        }

        if (IsNullReturnPath(view))
        {
            machine = true;
            score += 1;
            found.Add("Return-Path: <> (null sender)");
        }

        if (!ReplyPrefix().IsMatch(view.Subject) && FailureSubject().Match(view.Subject) is { Success: true } subject)
        {
            score += 2;
            found.Add($"Subject mentions \"{subject.Value}\"");
        }

        var notice = ReplyText.Unquoted(Notice(view.BodyText));
        if (MtaWording().Match(notice) is { Success: true } strong)
        {
            machine = true;
            score += 2;
            found.Add($"Body: \"{Shorten(strong.Value)}\"");
        }
        else if (FailureWording().Match(notice) is { Success: true } weak)
        {
            score += 1;
            found.Add($"Body: \"{Shorten(weak.Value)}\"");
        }

        if (view.Parts.Any(IsReturnedContent))
        {
            machine = true;
            score += 1;
            found.Add("Returns the original message");
        }

        if (score < Threshold || !machine)
            return false;
        evidence.AddRange(found);
        return true;
    }

    public static bool IsMailSystemSender(MessageView view) =>
        Email.MailerLocalPart().IsMatch(view.FromLocalPart) || MailSystemName().IsMatch(view.FromDisplay)
        || (view.FromAddress.Length == 0 && MailSystemName().IsMatch(view.RawFrom));

    public static bool IsNullReturnPath(MessageView view) =>
        view.Header("Return-Path") is { } path && path.Replace(" ", "", StringComparison.Ordinal) == "<>";

    /// <summary>Whether a notice says delivery is only delayed and still being tried.</summary>
    public static bool IsDelay(MessageView view, string notice) =>
        DelaySubject().IsMatch(view.Subject) || DelayWording().IsMatch(notice);

    /// <summary>The notice proper: the text before the copy of the returned message, when the copy is inline.</summary>
    public static string Notice(string text)
    {
        var cut = text.Length;
        if (OriginalMarker().Match(text) is { Success: true, Index: > 0 } marker)
            cut = marker.Index;
        if (HeaderBlock().Match(text) is { Success: true, Index: > 0 } header && header.Index < cut)
            cut = header.Index;
        return text[..cut];
    }

    /// <summary>The Message-ID of the returned message when it is pasted inline below the notice.</summary>
    public static string? InlineOriginalMessageId(string text) =>
        InlineMessageId().Match(text) is { Success: true } m ? m.Groups["id"].Value.Trim() : null;

    /// <summary>
    /// The failed addresses named by a notice, best-attested first: X-Failed-Recipients, then addresses set on a line
    /// of their own or after "RCPT TO:" and the like, then addresses after "to"/"recipient"/"for", then any address.
    /// The notice's own sender and recipients and system mailboxes are never candidates.
    /// </summary>
    public static IReadOnlyList<string> FailedRecipients(MessageView view, string notice)
    {
        var tiers = new List<string>[5];
        for (var i = 0; i < tiers.Length; i++)
            tiers[i] = [];

        void Add(int tier, string? token)
        {
            // A system mailbox in passing ("please contact <postmaster@…>") is not the failure; one named as the
            // recipient (tiers 0 to 2) may be. X-Failed-Recipients (tier 0) is believed even when the notice's own
            // headers name the same address: some MTAs set Reply-To to the address that failed.
            if (Email.Clean(token) is not { } address || (tier > 0 && view.OwnAddresses.Contains(address)) || tiers[tier].Contains(address)
                || (tier > 2 && Email.SystemLocalPart().IsMatch(MessageView.LocalPart(address))))
                return;
            tiers[tier].Add(address);
        }

        foreach (var item in (view.Header("X-Failed-Recipients") ?? "").Split(',', ';'))
            Add(0, item);
        foreach (Match m in AddressLine().Matches(notice))
            Add(1, m.Groups["a"].Value);
        foreach (Match m in LabelledAddress().Matches(notice))
            Add(1, m.Groups["a"].Value);
        foreach (var line in notice.Split('\n'))
        {
            // "To:" or "Subject:" lines echo the returned message's headers: a list address, not the failure.
            var echoed = EchoedHeader().IsMatch(line);
            if (!echoed)
            {
                foreach (Match m in AddressAfterContext().Matches(line))
                    Add(2, m.Groups["a"].Value);
            }

            foreach (Match m in Email.Address().Matches(line))
                Add(echoed ? 4 : 3, m.Value);
        }

        return tiers.FirstOrDefault(t => t.Count > 0) ?? [];
    }

    /// <summary>The server's words about the failure: the SMTP reply near the failed address, else the text beside it.</summary>
    public static string? Diagnostic(string notice, string? recipient)
    {
        var lines = Unfold(notice);
        var start = recipient is null ? -1 : Array.FindIndex(lines, l => l.Contains(recipient, StringComparison.OrdinalIgnoreCase));
        var from = Math.Max(start, 0);
        for (var i = from; i < Math.Min(lines.Length, from + 10); i++)
        {
            if (SmtpReply().IsMatch(lines[i]))
                return Shorten(lines[i], 300);
        }

        if (start < 0)
            return lines.FirstOrDefault(l => SmtpReply().IsMatch(l)) is { } any ? Shorten(any, 300) : null;
        var rest = lines[start][(lines[start].IndexOf(recipient!, StringComparison.OrdinalIgnoreCase) + recipient!.Length)..]
            .Trim(' ', '>', ':', '"', '.', '\t');
        if (rest.Count(char.IsLetter) >= 8 && !DateSuffix().IsMatch(rest))
            return Shorten(rest, 300);
        return lines.Skip(start + 1).Take(3).FirstOrDefault(l => l.Count(char.IsLetter) >= 8) is { } next ? Shorten(next, 300) : null;
    }

    /// <summary>
    /// Trimmed lines, each joined with the deeper-indented lines that continue it (Postfix and Exim wrap a server's
    /// reply that way).
    /// </summary>
    private static string[] Unfold(string notice)
    {
        var lines = new List<string>();
        var indent = 0;
        foreach (var raw in notice.Split('\n'))
        {
            var line = raw.TrimEnd();
            var depth = line.Length - line.TrimStart().Length;
            if (lines.Count > 0 && line.Length > 0 && depth > indent && lines[^1].Length > 0 && depth >= 2)
            {
                lines[^1] += " " + line.Trim();
                continue;
            }

            lines.Add(line.Trim());
            indent = depth;
        }

        return [.. lines];
    }

    /// <summary>Lines that echo the returned message's headers, which say nothing about the failure.</summary>
    public static string WithoutEchoedHeaders(string notice) =>
        string.Join('\n', notice.Split('\n').Where(l => !EchoedHeader().IsMatch(l)));

    private static bool IsReturnedContent(MimeKit.MimeEntity part) =>
        part is MimeKit.MessagePart || part.ContentType.MimeType.Equals("text/rfc822-headers", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text, int max = 80)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        return single.Length <= max ? single : single[..max] + "…";
    }

    [GeneratedRegex(@"^\s*(?:re|fwd?|aw|wg|tr|sv|vs|rv|enc)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex("""
        mailer[-_ ]?daemon | postmaster | post_master | mail\s*delivery | delivery\s+(?:status | subsystem | system) | mdaemon | \bndr\b
        | ndr\s+administrator
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MailSystemName();

    [GeneratedRegex("""
        undeliver | undelivered | not\s+(?:been\s+)?delivered
        | delivery\s+(?:status\s+notification|failure|failed|problem|notification|report|error|has\s+failed|warning|delayed|incomplete|fail)
        | failure\s+(?:notice|delivery) | failed\s+delivery | returned\s+mail
        | mail\s+delivery\s+(?:failed|failure|system|warning|problem|error)
        | could\s+not\s+be\s+delivered | non[-\s]?delivery | error\s+sending | mail\s+system\s+error | returned\s+to\s+sender
        | message\s+status
        | nicht\s+zustellbar | unzustellbar | non\s+remis | non\s+distribu | no\s+entregad | no\s+se\s+pudo\s+entregar | mail\s+failed
        | returning\s+message
        | \bbounced?\b | メールエラー | 配信エラー
        | не\s+доставлено | недоставлен | не\s+может\s+быть\s+доставлено
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex FailureSubject();

    /// <summary>Sentences that only mail software writes.</summary>
    [GeneratedRegex("""
        this\s+is\s+the\s+(?:qmail-send|postfix|mail\s+system|mail\s+delivery\s+agent|mta\s+program|[\w\s.()-]{1,40}program\s+at\s+host)
        | created\s+automatically\s+by\s+mail\s+delivery\s+software | automatically\s+generated\s+delivery\s+status\s+notification
        | delivery\s+status\s+notification | transcript\s+of\s+session\s+follows | following\s+addresses\s+had\s+(?:permanent|transient)
        | unable\s+to\s+deliver\s+(?:your\s+)?message\s+to\s+the\s+following
        | could\s+not\s+be\s+delivered\s+to\s+(?:one\s+or\s+more|the\s+following)
        | did\s+not\s+reach\s+the\s+following\s+recipient
        | delivery\s+to\s+the\s+following\s+recipients?\s+(?:failed|has\s+been\s+delayed|was\s+aborted)
        | delivery\s+has\s+failed\s+to\s+these\s+recipients | i'm\s+sorry\s+to\s+have\s+to\s+inform\s+you | failed\s+permanently
        | permanent\s+(?:fatal\s+)?(?:error|delivery\s+failure) | failed\s+recipients? | invalid\s+final\s+delivery\s+userid
        | delivery\s+failed\s+\d+\s+attempts
        | had\s+permanent\s+fatal\s+delivery\s+errors | could\s+not\s+deliver\s+(?:the\s+)?message\s+to | error-for\s*:
        | does\s+not\s+like\s+recipient
        | wasn't\s+able\s+to\s+establish\s+an\s+smtp\s+connection | final-recipient\s*: | diagnostic-code\s*: | non-delivery\s+report
        | could\s+not\s+be\s+delivered\s+to\s*: | rcpt\s+to\s*: | smtp\s+error | remote\s+(?:host|server)\s+(?:said|replied)
        | message\s+could\s+not\s+be\s+delivered
        | your\s+message\s+(?:to\s+\S+\s+)?(?:could\s+not|cannot|was\s+not|has\s+not)\s+be(?:en)?\s+delivered
        | delivery\s+of\s+email\s+to\s+this\s+address
        | unable\s+to\s+deliver\s+(?:mail|message) | message\s+was\s+not\s+accepted | sorry,\s+(?:your\s+message|unable\s+to\s+deliver)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MtaWording();

    [GeneratedRegex("""
        could\s*n[o']t\s+be\s+delivered | (?:was|were)\s+not\s+delivered | undeliverable | user\s+unknown | no\s+such\s+user
        | mailbox\s+(?:is\s+)?(?:full|unavailable|not\s+found)
        | over\s+quota | does\s+not\s+exist | returned\s+mail | delivery\s+(?:failed|failure)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex FailureWording();

    [GeneratedRegex("""
        \(delay(?:ed)?\) | delivery\s+(?:status\s+notification\s+)?\(?delay | delivery\s+warning | delayed\s+mail
        | warning:\s+(?:could\s+not | message)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DelaySubject();

    [GeneratedRegex("""
        warning\s+message\s+only | has\s+been\s+delayed | delivery\s+(?:is\s+|has\s+been\s+)?delayed
        | will\s+(?:continue\s+to\s+)?(?:re)?try | still\s+being\s+retried
        | has\s+been\s+postponed | not\s+yet\s+been\s+delivered | do\s+not\s+need\s+to\s+resend | will\s+be\s+retried
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DelayWording();

    /// <summary>The line that introduces the copy of the returned message.</summary>
    [GeneratedRegex("""
        ^(?>[^\S\n]*)(?>[-=_*|>~]*)(?>[^\S\n]*)(?:
            (?:original|returned|undelivered|rejected)\s+(?:message|mail)\s+
                (?:follows?|below|headers?|is\s+(?:below|attached|included)|text|as\s+follows)
          | (?:original|returned|undelivered)\s+(?:message|mail)\s*[-=_*|]{2,}
          | (?:message|mail)\s+(?:headers?|text|body|content)\s+follows?
          | (?:headers?|text|copy|summary|body)\s+(?:and\s+top\s+\d+\s+lines\s+)?of\s+(?:the|your)\s+
                (?:original\s+|undelivered\s+|returned\s+)?message
          | (?:the\s+)?first\s+\d+\s+lines\s+of\s+(?:your|the)\s+(?:original\s+)?message
          | below\s+this\s+line\s+is\s+a\s+copy | this\s+is\s+a\s+copy\s+of\s+(?:your|the)\s+message
          | a\s+copy\s+of\s+the\s+(?:original\s+)?message
          | old\s+message\s*: | original\s+mail\s+as\s+follows | returned\s+mail\s*[-=]{2,} | original\s+message\s*[-=]{2,}
          | [-=]{2,}\s*original\s+message
          | the\s+header\s+of\s+the\s+original\s+message
        )
        """, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex OriginalMarker();

    /// <summary>A header block at the start of a line: the inline copy of the returned message has begun.</summary>
    [GeneratedRegex("""
        ^(?:Received | Return-Path | Message-ID | DKIM-Signature | Delivered-To | X-Original-To | MIME-Version | Authentication-Results
        | X-Originating-IP)\s*:
        """, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex HeaderBlock();

    [GeneratedRegex("""
        ^\s*Message-ID\s*:\s*<(?<id>[^>\s]{3,250})>
        """, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex InlineMessageId();

    /// <summary>An address alone on its line, perhaps bulleted, quoted or bracketed, perhaps followed by ":" or "...".</summary>
    [GeneratedRegex("""
        ^(?>[^\S\n]*)(?:[*>•-]+(?>[^\S\n]*))?(?:"[^"\n]{0,80}"[^\S\n]*)?
        ["'<]?(?<a>[^\s<>"'(),;:\[\]]+@[^\s<>"'(),;:\[\]]+?)[>"']?[^\S\n]*(?::
        | \.\.\. | \( | \bon\b | $)
        """, RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AddressLine();

    [GeneratedRegex("""
        (?:rcpt\s+to | final-recipient | original-recipient | failed\s+recipients? | error-for | delivery\s+userid
        | could\s+not\s+be\s+delivered\s+to
        | delivery\s+failed\s+\d+\s+attempts)\s*:?\s*(?:rfc822\s*;)?\s*["'<]?(?<a>[^\s<>"'(),;:\[\]]+@[^\s<>"'(),;:\[\]]+)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LabelledAddress();

    [GeneratedRegex("""
        (?:\bto\s+ | (?:\brecipients? | \buser | \baddress(?:es)? | \bmailbox | \bfor
        | \baccount)\s*(?::\s*)?)["'<(]?(?<a>[^\s<>"'(),;:\[\]]+@[^\s<>"'(),;:\[\]]+)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AddressAfterContext();

    [GeneratedRegex("""
        ^\s*(?:to | cc | bcc | from | sender | reply-to | subject | sent | date | mail\s+from | envelope-from | message-id | in-reply-to
        | references)\s*: | envelope-from
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex EchoedHeader();

    [GeneratedRegex(@"^on\s+\w{3,9},?\s+\d", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateSuffix();

    [GeneratedRegex(@"(?<!\d)[45]\d\d(?:[\s-]|$)|[45]\.\d{1,3}\.\d{1,3}|\bsaid\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex SmtpReply();
}
