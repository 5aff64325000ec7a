using System.Text;
using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// The part of a message its sender wrote now: quoted lines and the quoted original below an attribution line are
/// dropped, so that a footer we sent ("unsubscribe") or an old bounce quoted in a reply never decides the verdict.
/// </summary>
internal static partial class ReplyText
{
    public static string Unquoted(string text)
    {
        var lines = text.Split('\n');
        var kept = new StringBuilder(Math.Min(text.Length, 4096));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (IsQuoteHeader(line, i + 1 < lines.Length ? lines[i + 1] : null))
                break;
            if (line.TrimStart().StartsWith('>'))
                continue;
            kept.Append(line).Append('\n');
        }

        return kept.ToString().Trim();
    }

    private static bool IsQuoteHeader(string line, string? next)
    {
        if (QuoteHeader().IsMatch(line))
            return true;
        // Clients wrap a long "On <date>, <name> <address> wrote:" over two lines.
        if (next is not null && AttributionStart().IsMatch(line) && AttributionEnd().IsMatch(next.TrimEnd('\r')))
            return true;
        // Outlook puts the original below a "From:" line followed by "Sent:" or "Date:".
        return next is not null && OutlookFrom().IsMatch(line) && OutlookSent().IsMatch(next);
    }

    [GeneratedRegex("""
        ^\s*(?:
            (?:on|am|le|el|il|op|em)\s.{4,200}(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|escreveu)\s*:\s*$
          | (?:am|op)\s.{4,200}\s(?:schrieb|schreef)\s.{1,200}:\s*$
          | -{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d'origine|mensaje\s+original|forwarded\s+message
                    |weitergeleitete\s+nachricht|message\s+transféré)\s*-{2,}
          | _{10,}\s*$
          | begin\s+forwarded\s+message\s*:
        )
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"^\s*(?:on|am|le|el)\s.{4,200}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"(?:wrote|schrieb|a\s+écrit|escribió)\s*:\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionEnd();

    [GeneratedRegex(@"^\s*\*?(?:from|von|de)\s*:\*?\s+\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\s*\*?(?:sent|date|gesendet|envoyé|enviado)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutlookSent();
}
