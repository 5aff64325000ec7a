using System.Text;

namespace Nudge.Sandbox.Search;

/// <summary>Splits a Gmail query into terms ("quoted phrases" kept whole), brackets, <c>-</c> and <c>OR</c>.</summary>
internal static class QueryLexer
{
    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            QueryTokenKind? bracket = c switch
            {
                '(' => QueryTokenKind.LeftParen,
                ')' => QueryTokenKind.RightParen,
                '{' => QueryTokenKind.LeftBrace,
                '}' => QueryTokenKind.RightBrace,
                _ => null,
            };
            if (bracket is { } kind)
            {
                tokens.Add(new QueryToken(kind, c.ToString()));
                i++;
                continue;
            }

            if (c == '-' && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]))
            {
                tokens.Add(new QueryToken(QueryTokenKind.Not, "-"));
                i++;
                continue;
            }

            // AND is what juxtaposition means anyway.
            if (ReadTerm(query, ref i) is { Value: not "AND" } term)
            {
                tokens.Add(term);
            }
        }

        return tokens;
    }

    private static QueryToken ReadTerm(string query, ref int i)
    {
        var term = new StringBuilder();
        var quoted = false;
        while (i < query.Length)
        {
            var c = query[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (char.IsWhiteSpace(c) || c is ')' or '{' or '}'))
            {
                break;
            }
            else if (!quoted && c == '(')
            {
                // op:(a b) applies the operator to everything in the group.
                if (term.Length > 1 && term[^1] == ':')
                {
                    var close = FindClose(query, i);
                    var inner = query[(i + 1)..Math.Min(close, query.Length)];
                    i = Math.Min(close + 1, query.Length);
                    return new QueryToken(QueryTokenKind.OperatorGroup, inner, term.ToString(0, term.Length - 1));
                }

                break;
            }

            term.Append(c);
            i++;
        }

        var text = term.ToString();
        return text switch
        {
            "OR" or "|" => new QueryToken(QueryTokenKind.Or, text),
            _ => new QueryToken(QueryTokenKind.Term, text),
        };
    }

    private static int FindClose(string query, int open)
    {
        var depth = 0;
        for (var i = open; i < query.Length; i++)
        {
            depth += query[i] switch
            {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            if (depth == 0)
            {
                return i;
            }
        }

        return query.Length;
    }
}
