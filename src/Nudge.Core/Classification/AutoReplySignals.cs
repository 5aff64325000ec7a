using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// Automatic replies (RFC 3834 and what mail clients really send). <c>X-Auto-Response-Suppress</c> is deliberately not
/// a signal: Outlook puts it on ordinary messages that people write.
/// </summary>
internal static partial class AutoReplySignals
{
    private static readonly string[] AutoReplyHeaders =
        ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-AutoReply-From", "X-Mail-Autoreply", "X-Vacation"];

    /// <summary>Whether the message is an automatic reply; adds the signals it found to <paramref name="evidence"/>.</summary>
    public static bool IsAutoReply(MessageView view, List<string> evidence)
    {
        var found = new List<string>();
        if (view.Header("Auto-Submitted") is { Length: > 0 } submitted && !submitted.StartsWith("no", StringComparison.OrdinalIgnoreCase))
            found.Add($"Auto-Submitted: {submitted}");

        foreach (var name in AutoReplyHeaders)
        {
            if (view.Header(name) is { } value && !value.Equals("no", StringComparison.OrdinalIgnoreCase))
                found.Add($"{name}: {value}");
        }

        var precedence = view.Header("Precedence")?.ToLowerInvariant();
        if (precedence is "auto_reply" or "auto-reply")
            found.Add($"Precedence: {precedence}");

        var subject = view.Subject;
        var subjectMatch = AutoReplySubjectStart().Match(subject);
        if (!subjectMatch.Success && !ReplyPrefix().IsMatch(subject))
            subjectMatch = AutoReplySubjectPhrase().Match(subject);
        if (subjectMatch.Success)
            found.Add($"Subject: \"{subjectMatch.Value.Trim()}\"");
        else if (precedence is "bulk" or "junk" && VacationWords().Match(subject) is { Success: true } vacation)
            found.Add($"Precedence: {precedence} with subject \"{vacation.Value}\"");

        if (found.Count == 0)
            return false;
        evidence.AddRange(found);
        return true;
    }

    [GeneratedRegex(@"^\s*(?:re|fwd?|aw|wg|tr|sv|vs|rv|enc)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();

    /// <summary>Auto-reply prefixes at the start of a subject, in the languages mail servers localise them into.</summary>
    [GeneratedRegex("""
        ^[\s\[(]*(?:
            auto(?:matic|matische?|matisch|matique)?[\s_-]*(?:reply|response|respons|responder|antwort|answer|r[ée]ponse|acknowledge?ment)
          | autoreply | autoresponse | auto\s*: | out\s+of\s+(?:the\s+)?office | \bOOO\b | \bOOF\b
          | abwesenheit(?:snotiz|smeldung|snachricht|sinfo)? | abwesend | nicht\s+im\s+b[üu]ro | au(?:ß|ss)er\s+haus
          | r[ée]ponse\s+automatique | absen(?:ce|t|te)\b | en\s+cong[ée]s?
          | respuesta\s+autom[áa]tica | fuera\s+de\s+(?:la\s+)?oficina | ausente\b | ausencia\b
          | risposta\s+automatica | resposta\s+autom[áa]tica | automatisch\s+antwoord | automatiskt?\s+svar | automaattinen\s+vastaus
          | automatyczna\s+odpowied[źz] | automatick[áa]\s+odpov[ěe]ď | autom[aā]tisk[aā]\s+atbilde
          | vacation\b | on\s+vacation | on\s+(?:annual\s+)?leave | on\s+holiday | away\s+(?:from|until|till) | i\s+am\s+away | i'm\s+away
        )
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AutoReplySubjectStart();

    /// <summary>Unambiguous multi-word phrases, accepted anywhere in a subject that is not itself a reply.</summary>
    [GeneratedRegex("""
        auto(?:matic|matische?|matique)?[\s_-]+(?:reply|response|antwort|r[ée]ponse) | autoreply | out\s+of\s+(?:the\s+)?office
        | r[ée]ponse\s+automatique | respuesta\s+autom[áa]tica | risposta\s+automatica | resposta\s+autom[áa]tica
        | automatisch\s+antwoord
        | automatiskt?\s+svar | automaattinen\s+vastaus | automatyczna\s+odpowied[źz] | automatick[áa]\s+odpov[ěe]ď
        | autom[aā]tisk[aā]\s+atbilde
        | abwesenheitsnotiz
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex AutoReplySubjectPhrase();

    [GeneratedRegex(@"vacation|holiday|out\s+of\s+(?:the\s+)?office|away|absen|abwesen|urlaub|cong[ée]|vacaciones|ferie|autom",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VacationWords();
}
