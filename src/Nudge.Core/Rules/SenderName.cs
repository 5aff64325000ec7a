using System.Text;
using System.Text.RegularExpressions;

namespace Nudge.Core.Rules;

/// <summary>
/// Reads a person's name out of a sender's display name, for the <c>name</c>, <c>first_name</c> and <c>last_name</c>
/// fields of a templated reply. When in doubt it leaves a part out: a template falls back to its <c>default</c>, which
/// reads better than "Hi Support Team," or "Hi jo.bloggs@example.com,".
/// </summary>
internal static partial class SenderName
{
    private static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "frau", "mme", "mlle",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba",
    };

    /// <summary>The cleaned full name, first name and last name; each <see langword="null"/> when the display name does not give it.</summary>
    public static (string? Name, string? First, string? Last) Split(string? displayName)
    {
        var text = Clean(displayName);

        // An address or a handle in the name field says nothing about what to call the person.
        if (text.Length == 0 || text.Contains('@', StringComparison.Ordinal) || !text.Any(char.IsLetter) || Handle().IsMatch(text))
        {
            return (null, null, null);
        }

        var segments = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        while (segments.Count > 1 && IsSuffix(segments[^1]))
        {
            segments.RemoveAt(segments.Count - 1);
        }

        if (segments.Count == 2)
        {
            // "Bloggs, Jo": directory order, as Outlook shows names from an Exchange address book.
            var given = Words(segments[1]);
            var family = segments[0];
            return given.Count == 0 ? ($"{segments[1]} {family}", null, family) : ($"{string.Join(' ', given)} {family}", given[0], family);
        }

        var name = string.Join(", ", segments);
        if (segments.Count > 2)
        {
            // "A, B, C" is a list or a company name, not a person we can address by first name.
            return (name, null, null);
        }

        var words = Words(name);
        while (words.Count > 1 && IsSuffix(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return words.Count switch
        {
            0 => (name, null, null),
            1 => (name, words[0], null),
            _ => (name, words[0], string.Join(' ', words.Skip(1))),
        };
    }

    /// <summary>The name's words without leading titles ("Dr. Jo Bloggs" → Jo, Bloggs); none when there is only a title.</summary>
    private static List<string> Words(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && Honorifics.Contains(words[0].TrimEnd('.')))
        {
            words.RemoveAt(0);
        }

        return words;
    }

    private static bool IsSuffix(string word) => Suffixes.Contains(word.Replace(".", "", StringComparison.Ordinal));

    /// <summary>NFC, comments such as "(Acme)" and relays' " via Group" removed, surrounding quotes removed, whitespace collapsed.</summary>
    private static string Clean(string? displayName)
    {
        var text = (displayName ?? "").Normalize(NormalizationForm.FormC);
        text = Comment().Replace(text, " ");
        text = Whitespace().Replace(text, " ").Trim();

        // Google Groups and other relays write "'Jo Bloggs' via Sales"; the person is before "via".
        if (Via().Match(text) is { Success: true, Index: > 0 } via)
        {
            text = text[..via.Index].Trim();
        }

        while (text.Length >= 2 && IsQuote(text[0]) && IsQuote(text[^1]))
        {
            text = text[1..^1].Trim();
        }

        return text.Trim(' ', ',', ';', ':', '"', '\'', '\u201C', '\u201D', '\u2018', '\u2019');
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '`' or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '\u00AB' or '\u00BB';

    [GeneratedRegex(@"\([^()]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Comment();

    [GeneratedRegex(@" via ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Via();

    /// <summary>One word with digits, underscores or inner dots: a login such as jo.bloggs or jbloggs42, not a name.</summary>
    [GeneratedRegex(@"^\S*(?:\d|_|\.\w)\S*$", RegexOptions.CultureInvariant)]
    private static partial Regex Handle();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
