using System.Globalization;
using System.Runtime.CompilerServices;
using MimeKit;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Search;

/// <summary>
/// A working subset of Gmail's search syntax. Operators: <c>in:</c>, <c>label:</c> (system ids and user label names),
/// <c>is:</c>, <c>category:</c>, <c>from:</c>, <c>to:</c>, <c>cc:</c>, <c>bcc:</c>, <c>subject:</c>,
/// <c>rfc822msgid:</c>, <c>newer_than:</c>, <c>older_than:</c>, <c>after:</c>/<c>newer:</c>, <c>before:</c>/<c>older:</c>,
/// <c>has:attachment</c>, <c>has:userlabels</c>/<c>has:nouserlabels</c>, <c>larger:</c>, <c>smaller:</c>. Syntax: bare
/// words and "quoted phrases" (whole words, case-insensitive, in subject, body and addresses), <c>-</c> negation,
/// <c>OR</c>, <c>{a b}</c> (any of), <c>( )</c> grouping and <c>op:(a b)</c>. Terms side by side must all match.
/// An unknown <c>op:value</c> is matched as a word, as Gmail does with text it does not recognise as an operator.
/// </summary>
/// <remarks>
/// <c>after:</c>/<c>before:</c> dates are taken as midnight UTC; Gmail uses the account's time zone.
/// </remarks>
internal sealed class GmailQuery
{
    private static readonly ConditionalWeakTable<byte[], StrongBox<bool>> AttachmentCache = [];

    private readonly DateTimeOffset _now;
    private readonly string _mailboxEmail;
    private readonly Func<string, UserLabel?>? _findLabel;
    private Func<StoredMessage, bool> _root = _ => true;

    private GmailQuery(DateTimeOffset now, string mailboxEmail, Func<string, UserLabel?>? findLabel)
    {
        _now = now;
        _mailboxEmail = mailboxEmail;
        _findLabel = findLabel;
    }

    /// <summary>Gets whether the query itself reaches into SPAM or TRASH (then they are not excluded by default).</summary>
    public bool MentionsSpamOrTrash { get; private set; }

    /// <summary>Parses a query. Unbalanced brackets are forgiven, as Gmail forgives them.</summary>
    /// <param name="query">The <c>q</c> parameter.</param>
    /// <param name="now">The clock's now, for <c>newer_than:</c> and <c>older_than:</c>.</param>
    /// <param name="mailboxEmail">The address <c>me</c> stands for.</param>
    /// <param name="findLabel">Finds a user label by name for <c>label:</c>; without it only system labels match.</param>
    public static GmailQuery Parse(string? query, DateTimeOffset now, string mailboxEmail, Func<string, UserLabel?>? findLabel = null)
    {
        var parsed = new GmailQuery(now, mailboxEmail, findLabel);
        var tokens = QueryLexer.Tokenize(query ?? "");
        var position = 0;
        parsed._root = parsed.ParseAll(tokens, ref position, defaultOperator: null, until: null);
        return parsed;
    }

    public bool Matches(StoredMessage message) => _root(message);

    internal static bool ContainsWords(string haystack, string needle)
    {
        if (needle.Length == 0)
        {
            return true;
        }

        var start = 0;
        while ((start = haystack.IndexOf(needle, start, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = start + needle.Length;
            var leftOk = start == 0 || !char.IsLetterOrDigit(needle[0]) || !char.IsLetterOrDigit(haystack[start - 1]);
            var rightOk = end == haystack.Length || !char.IsLetterOrDigit(needle[^1]) || !char.IsLetterOrDigit(haystack[end]);
            if (leftOk && rightOk)
            {
                return true;
            }

            start++;
        }

        return false;
    }

    // Expr := Or* (implicit AND), up to the closing token or the end.
    private Func<StoredMessage, bool> ParseAll(List<QueryToken> tokens, ref int position, string? defaultOperator, QueryTokenKind? until)
    {
        var all = new List<Func<StoredMessage, bool>>();
        while (position < tokens.Count)
        {
            if (tokens[position].Kind is QueryTokenKind.RightParen or QueryTokenKind.RightBrace)
            {
                if (tokens[position].Kind == until)
                {
                    break;
                }

                position++; // a stray closer: ignore it
                continue;
            }

            all.Add(ParseOr(tokens, ref position, defaultOperator));
        }

        return all.Count == 1 ? all[0] : m => all.TrueForAll(t => t(m));
    }

    // Or := Unary ('OR' Unary)*
    private Func<StoredMessage, bool> ParseOr(List<QueryToken> tokens, ref int position, string? defaultOperator)
    {
        var any = new List<Func<StoredMessage, bool>> { ParseUnary(tokens, ref position, defaultOperator) };
        while (position + 1 < tokens.Count && tokens[position].Kind == QueryTokenKind.Or)
        {
            position++;
            any.Add(ParseUnary(tokens, ref position, defaultOperator));
        }

        return any.Count == 1 ? any[0] : m => any.Exists(t => t(m));
    }

    // Unary := '-' Unary | '(' Expr ')' | '{' Unary* '}' | term
    private Func<StoredMessage, bool> ParseUnary(List<QueryToken> tokens, ref int position, string? defaultOperator)
    {
        var token = tokens[position++];
        switch (token.Kind)
        {
            case QueryTokenKind.Not when position < tokens.Count:
                var inner = ParseUnary(tokens, ref position, defaultOperator);
                return m => !inner(m);
            case QueryTokenKind.LeftParen:
                var group = ParseAll(tokens, ref position, defaultOperator, QueryTokenKind.RightParen);
                position = Math.Min(position + 1, tokens.Count);
                return group;
            case QueryTokenKind.LeftBrace:
                var any = new List<Func<StoredMessage, bool>>();
                while (position < tokens.Count && tokens[position].Kind != QueryTokenKind.RightBrace)
                {
                    if (tokens[position].Kind is QueryTokenKind.Or or QueryTokenKind.RightParen)
                    {
                        position++;
                        continue;
                    }

                    any.Add(ParseUnary(tokens, ref position, defaultOperator));
                }

                position = Math.Min(position + 1, tokens.Count);
                return any.Count == 0 ? _ => true : m => any.Exists(t => t(m));
            case QueryTokenKind.OperatorGroup:
                var inside = QueryLexer.Tokenize(token.Value);
                var start = 0;
                return ParseAll(inside, ref start, token.Operator, until: null);
            case QueryTokenKind.Term:
                return ParseTerm(token.Value, defaultOperator);
            default:
                // A lone OR or '-' is a word, as Gmail treats it.
                return Word(token.Value);
        }
    }

    private Func<StoredMessage, bool> ParseTerm(string token, string? defaultOperator)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        var quotedStart = token.Length > 0 && token[0] == '"';
        string op;
        string value;
        if (colon > 0 && colon < token.Length - 1 && !quotedStart)
        {
            op = token[..colon].ToUpperInvariant();
            value = Unquote(token[(colon + 1)..]);
        }
        else if (defaultOperator is not null)
        {
            op = defaultOperator.ToUpperInvariant();
            value = Unquote(token);
        }
        else
        {
            return Word(Unquote(token));
        }

        var who = string.Equals(value, "me", StringComparison.OrdinalIgnoreCase) ? _mailboxEmail : value;
        switch (op)
        {
            case "IN":
                return InTerm(value);
            case "LABEL":
                return LabelTerm(value);
            case "IS":
                return value.ToUpperInvariant() switch
                {
                    "READ" => m => !m.LabelIds.Contains(SystemLabels.Unread),
                    var label => HasLabel(label),
                };
            case "CATEGORY":
                return HasLabel("CATEGORY_" + (string.Equals(value, "primary", StringComparison.OrdinalIgnoreCase) ? "PERSONAL" : value.ToUpperInvariant()));
            case "HAS":
                return value.ToUpperInvariant() switch
                {
                    "ATTACHMENT" => HasAttachment,
                    "USERLABELS" => m => m.LabelIds.Any(IsUserLabel),
                    "NOUSERLABELS" => m => !m.LabelIds.Any(IsUserLabel),
                    _ => Word(token),
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
                return m => ContainsWords(m.Facts.Subject, value);
            case "RFC822MSGID":
                var id = value.Trim('<', '>');
                return m => string.Equals(m.Facts.MessageId, id, StringComparison.OrdinalIgnoreCase);
            case "NEWER_THAN" when TryParseAge(value, _now, out var since):
                return m => m.InternalDate >= since.ToUnixTimeMilliseconds();
            case "OLDER_THAN" when TryParseAge(value, _now, out var until):
                return m => m.InternalDate < until.ToUnixTimeMilliseconds();
            case "AFTER" or "NEWER" when TryParseDate(value, out var after):
                return m => m.InternalDate >= after.ToUnixTimeMilliseconds();
            case "BEFORE" or "OLDER" when TryParseDate(value, out var before):
                return m => m.InternalDate < before.ToUnixTimeMilliseconds();
            case "LARGER" when TryParseSize(value, out var larger):
                return m => m.Raw.LongLength > larger;
            case "SMALLER" when TryParseSize(value, out var smaller):
                return m => m.Raw.LongLength < smaller;
            default:
                return Word(Unquote(token));
        }
    }

    private Func<StoredMessage, bool> InTerm(string value) => value.ToUpperInvariant() switch
    {
        "ANYWHERE" => Anywhere(),
        "DRAFTS" => HasLabel("DRAFT"),
        "CHATS" => HasLabel("CHAT"),
        _ => LabelTerm(value),
    };

    private Func<StoredMessage, bool> Anywhere()
    {
        MentionsSpamOrTrash = true;
        return _ => true;
    }

    // label: takes a system label (any case, '-' for '_') or a user label's name; an unknown name matches nothing.
    private Func<StoredMessage, bool> LabelTerm(string value)
    {
        var system = value.ToUpperInvariant().Replace('-', '_');
        if (SystemLabels.All.Contains(system))
        {
            MentionsSpamOrTrash |= system is SystemLabels.Spam or SystemLabels.Trash;
            return HasLabel(system);
        }

        if (_findLabel?.Invoke(value) is { } user)
        {
            return HasLabel(user.Id);
        }

        return _ => false;
    }

    private static Func<StoredMessage, bool> HasLabel(string label) => m => m.LabelIds.Contains(label);

    private static bool IsUserLabel(string label) => label.StartsWith("Label_", StringComparison.Ordinal);

    private static bool HasAttachment(StoredMessage message) =>
        AttachmentCache.GetValue(message.Raw, raw => new StrongBox<bool>(
            MimeInspector.Parse(raw).BodyParts.Any(p => p.IsAttachment || p is MimePart { FileName.Length: > 0 }))).Value;

    private static Func<StoredMessage, bool> Word(string word) => m =>
        ContainsWords(m.Facts.Subject, word) || ContainsWords(m.Facts.BodyText, word) || ContainsWords(m.Facts.From, word)
        || ContainsWords(m.Facts.To, word) || ContainsWords(m.Facts.Cc, word);

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

    // larger:/smaller: take bytes, or a number with K or M.
    private static bool TryParseSize(string value, out long bytes)
    {
        var multiplier = char.ToUpperInvariant(value[^1]) switch
        {
            'K' => 1024L,
            'M' => 1024L * 1024,
            _ => 1L,
        };
        var digits = multiplier == 1 ? value : value[..^1];
        var parsed = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
        bytes *= multiplier;
        return parsed;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
}
