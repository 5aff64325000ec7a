using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// A person (or their mail client) asking to be removed. Read only in the subject, the address it was sent to, and
/// the first lines the sender wrote: a long reply that quotes our footer's "unsubscribe" link is not a request.
/// </summary>
internal static partial class UnsubscribeSignals
{
    private const int MaxBodyLength = 600;
    private const int LinesRead = 4;

    /// <summary>Requests that need no reading of the body: the subject, the mailto address, a client's marker.</summary>
    public static bool IsExplicitRequest(MessageView view, List<string> evidence)
    {
        if (view.Header("X-Apple-Unsubscribe") is { } apple && apple.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            evidence.Add("X-Apple-Unsubscribe: true");
            return true;
        }

        if (RequestSubject().IsMatch(StripPrefixes(view.Subject)))
        {
            evidence.Add($"Subject: \"{view.Subject}\"");
            return true;
        }

        foreach (var to in view.Message.To.Mailboxes)
        {
            if (UnsubscribeMailbox().IsMatch(MessageView.LocalPart(to.Address)))
            {
                evidence.Add($"Sent to an unsubscribe address ({to.Address})");
                return true;
            }
        }

        return false;
    }

    /// <summary>A short message whose opening lines ask to be removed.</summary>
    public static bool IsBodyRequest(MessageView view, List<string> evidence)
    {
        var text = view.UnquotedText;
        if (text.Length > MaxBodyLength)
            return false;
        var opening = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(LinesRead);
        foreach (var line in opening)
        {
            // A line with a link is a footer or a signature ("click here to unsubscribe"), not a request.
            if (line.Contains("http", StringComparison.OrdinalIgnoreCase) || line.Contains("click", StringComparison.OrdinalIgnoreCase))
                continue;
            if (RequestWording().Match(line) is { Success: true } m)
            {
                evidence.Add($"Body: \"{m.Value.Trim()}\"");
                return true;
            }
        }

        return false;
    }

    private static string StripPrefixes(string subject)
    {
        var previous = "";
        while (previous != subject)
        {
            previous = subject;
            subject = SubjectPrefix().Replace(subject, "").Trim();
        }

        return subject;
    }

    [GeneratedRegex(@"^(?:(?:re|fwd?|aw|wg|tr|sv|vs|rv)\s*:|\[[^\]]{0,40}\])\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPrefix();

    [GeneratedRegex("""
        ^(?:please\s+)?(?:unsubscribe|unsub|remove(?:\s+me)?|remove\s+from\s+(?:the\s+)?list|stop|opt[\s-]?out|take\s+me\s+off
          |(?:se\s+)?d[ée]sabonn(?:er|ement)|(?:se\s+)?d[ée]sinscri(?:re|ption)|abmelden|abbestellen|austragen
          |(?:darse|darme)\s+de\s+baja|baja|cancelar\s+suscripci[óo]n)(?:\s+me)?\s*[.!]*$
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RequestSubject();

    [GeneratedRegex(@"unsubscribe|opt[-_.]?out|remove[-_.]?me|leave[-_.]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnsubscribeMailbox();

    [GeneratedRegex("""
        \bunsubscribe\b | \bremove\s+(?:me|my\s+(?:e-?mail|address|name)) | take\s+me\s+off
        | stop\s+(?:e-?mailing|sending|contacting|writing\s+to)\s*(?:me|us)?
        | (?:don't|do\s+not|dont)\s+(?:e-?mail|contact|write\s+to)\s+(?:me|us)\s+(?:again|anymore|any\s+more) | opt\s+me\s+out
        | no\s+more\s+e-?mails
        | d[ée]sabonn | d[ée]sinscri | retirez[-\s]moi | ne\s+plus\s+recevoir
        | abmelden | abbestellen | austragen | keine\s+(?:weiteren\s+)?(?:e-?mails|nachrichten)\s+mehr
        | darse\s+de\s+baja | darme\s+de\s+baja | dar\s+de\s+baja | d[ée]me\s+de\s+baja | no\s+me\s+(?:env[ií]en|escriban|contacten)
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RequestWording();
}
