using System.Globalization;
using System.Text;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Search;

/// <summary>
/// A small subset of Gmail's search syntax: <c>in:</c>, <c>label:</c>, <c>is:</c>, <c>from:</c>, <c>to:</c>, <c>cc:</c>,
/// <c>bcc:</c>, <c>subject:</c>, <c>rfc822msgid:</c>, <c>newer_than:</c>, <c>older_than:</c>, <c>after:</c>,
/// <c>before:</c>, <c>-</c> negation, quoted phrases and bare words. All terms must match (no <c>OR</c>). An unknown
/// <c>op:value</c> is matched as a word, as Gmail does with text it does not recognise as an operator.
/// </summary>
internal sealed class GmailQuery
{
    private readonly List<Func<StoredMessage, bool>> _terms = [];

    private GmailQuery()
    {
    }

    /// <summary>Gets whether the query itself reaches into SPAM or TRASH (then they are not excluded by default).</summary>
    public bool MentionsSpamOrTrash { get; private set; }

    public static GmailQuery Parse(string? query, DateTimeOffset now, string mailboxEmail)
    {
        var parsed = new GmailQuery();
        foreach (var token in Tokenize(query ?? ""))
        {
            var negate = token.Length > 1 && token[0] == '-';
            var text = negate ? token[1..] : token;
            var term = parsed.ParseTerm(text, now, mailboxEmail);
            parsed._terms.Add(negate ? m => !term(m) : term);
        }

        return parsed;
    }

    public bool Matches(StoredMessage message) => _terms.TrueForAll(term => term(message));

    private Func<StoredMessage, bool> ParseTerm(string token, DateTimeOffset now, string mailboxEmail)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == token.Length - 1)
        {
            return Word(Unquote(token));
        }

        var op = token[..colon].ToUpperInvariant();
        var value = Unquote(token[(colon + 1)..]);
        var who = string.Equals(value, "me", StringComparison.OrdinalIgnoreCase) ? mailboxEmail : value;
        switch (op)
        {
            case "IN" or "LABEL":
                return LabelTerm(value);
            case "IS":
                return value.ToUpperInvariant() switch
                {
                    "READ" => m => !m.LabelIds.Contains(SystemLabels.Unread),
                    var label => m => m.LabelIds.Contains(label),
                };
            case "FROM":
                return m => Contains(m.Facts.From, who);
            case "TO":
                return m => Contains(m.Facts.To, who) || Contains(m.Facts.Cc, who) || Contains(m.Facts.Bcc, who);
            case "CC":
                return m => Contains(m.Facts.Cc, who);
            case "BCC":
                return m => Contains(m.Facts.Bcc, who);
            case "SUBJECT":
                return m => Contains(m.Facts.Subject, value);
            case "RFC822MSGID":
                var id = value.Trim('<', '>');
                return m => string.Equals(m.Facts.MessageId, id, StringComparison.OrdinalIgnoreCase);
            case "NEWER_THAN" when TryParseAge(value, now, out var since):
                return m => m.InternalDate >= since.ToUnixTimeMilliseconds();
            case "OLDER_THAN" when TryParseAge(value, now, out var until):
                return m => m.InternalDate < until.ToUnixTimeMilliseconds();
            case "AFTER" when TryParseDate(value, out var after):
                return m => m.InternalDate >= after.ToUnixTimeMilliseconds();
            case "BEFORE" when TryParseDate(value, out var before):
                return m => m.InternalDate < before.ToUnixTimeMilliseconds();
            default:
                return Word(token);
        }
    }

    private Func<StoredMessage, bool> LabelTerm(string value)
    {
        var label = value.ToUpperInvariant().Replace('-', '_');
        if (label == "ANYWHERE")
        {
            MentionsSpamOrTrash = true;
            return _ => true;
        }

        if (label is SystemLabels.Spam or SystemLabels.Trash)
        {
            MentionsSpamOrTrash = true;
        }

        return m => m.LabelIds.Contains(label);
    }

    private static Func<StoredMessage, bool> Word(string word) => m =>
        Contains(m.Facts.Subject, word) || Contains(m.Facts.BodyText, word) || Contains(m.Facts.From, word)
        || Contains(m.Facts.To, word) || Contains(m.Facts.Cc, word);

    private static bool Contains(string haystack, string needle) =>
        haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);

    // Gmail's relative ages: d(ays), m(onths), y(ears).
    private static bool TryParseAge(string value, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (value.Length < 2
            || !int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        switch (char.ToUpperInvariant(value[^1]))
        {
            case 'D':
                since = now.AddDays(-count);
                return true;
            case 'M':
                since = now.AddMonths(-count);
                return true;
            case 'Y':
                since = now.AddYears(-count);
                return true;
            default:
                return false;
        }
    }

    // after:/before: take YYYY/MM/DD (midnight, taken as UTC here) or epoch seconds.
    private static bool TryParseDate(string value, out DateTimeOffset date)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            date = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        string[] formats = ["yyyy/M/d", "yyyy-M-d"];
        return DateTimeOffset.TryParseExact(
            value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;

    private static IEnumerable<string> Tokenize(string query)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in query)
        {
            if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
