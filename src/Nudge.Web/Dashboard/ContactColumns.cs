using System.Text;
using CsvHelper;
using Nudge.Core.Contacts;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The column mapping of a CSV import: each column of the file becomes <c>email</c>, a known field, a field named after
/// its header, or nothing. The mapped file is then read by the real <see cref="ContactCsvReader"/>, so the dashboard's
/// report is the one an import gives, line for line.
/// </summary>
public static class ContactColumns
{
    /// <summary>The mapping that keeps the column as a field named after its header.</summary>
    public const string Keep = "keep";

    /// <summary>The mapping that leaves the column out.</summary>
    public const string Ignore = "ignore";

    /// <summary>The column that must be mapped once.</summary>
    public const string Email = "email";

    // Ignored columns are renamed to this, then their fields dropped: the reader keeps its own line numbers.
    private const string IgnoredPrefix = "__nudge_ignored_column_";

    /// <summary>The names a column may be mapped to, besides <see cref="Keep"/> and <see cref="Ignore"/>.</summary>
    public static IReadOnlyList<string> Targets { get; } = [Email, "first_name", "last_name", "company", "timezone"];

    /// <summary>The header row of a CSV file, as the reader sees it (trimmed); empty when the file is.</summary>
    public static IReadOnlyList<string> ReadHeaders(TextReader text)
    {
        using var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, SkipEmptyLines = true }, true);
        csv.ReadHeader();
        return [.. csv.Headers.Select(h => h.Trim())];
    }

    /// <summary>The mapping proposed for a header: the target it names (<c>First name</c> is <c>first_name</c>), else <see cref="Keep"/>.</summary>
    public static string DefaultFor(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var name = header.Trim().Replace(' ', '_').Replace('-', '_').ToLowerInvariant();
        return name is "e_mail" or "email_address" ? Email : Targets.FirstOrDefault(t => t == name) ?? Keep;
    }

    /// <summary>What is wrong with <paramref name="map"/> for <paramref name="headers"/>, or <see langword="null"/>.</summary>
    public static string? Problem(IReadOnlyList<string> headers, IReadOnlyList<string> map)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(map);
        if (map.Count != headers.Count)
        {
            return $"Map each of the {headers.Count} columns.";
        }

        if (map.FirstOrDefault(m => m != Keep && m != Ignore && !Targets.Contains(m)) is { } unknown)
        {
            return $"'{unknown}' is not a column Nudge knows.";
        }

        var names = Names(headers, map).Where(n => !n.StartsWith(IgnoredPrefix, StringComparison.Ordinal)).ToList();
        var emails = names.Count(n => string.Equals(n, Email, StringComparison.OrdinalIgnoreCase));
        if (emails != 1)
        {
            return emails == 0 ? "Map one column to email." : "Map only one column to email.";
        }

        if (names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"Two columns would both be '{twice.Key}': map or ignore one of them.";
        }

        return names.Any(n => n.Length == 0) ? "A column without a header can only be mapped to a named field or ignored." : null;
    }

    /// <summary>
    /// Reads <paramref name="csv"/> with its header row replaced by the mapping, through <see cref="ContactCsvReader"/>;
    /// ignored columns leave no field.
    /// </summary>
    /// <exception cref="FormatException">The mapping is wrong (<see cref="Problem"/>) or the header row spans several lines.</exception>
    public static async Task<ContactCsvResult> ReadAsync(string csv, IReadOnlyList<string> headers, IReadOnlyList<string> map,
        string sourceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (Problem(headers, map) is { } problem)
        {
            throw new FormatException(problem);
        }

        var end = HeaderEnd(csv);
        if (csv.AsSpan(0, end).Contains('\n'))
        {
            throw new FormatException("The header row has a line break inside a column name.");
        }

        var header = string.Join(',', Names(headers, map).Select(Quote));
        using var reader = new StringReader(header + csv[end..]);
        var result = await ContactCsvReader.ReadAsync(reader, sourceName, cancellationToken);
        return result with
        {
            Contacts =
            [
                .. result.Contacts.Select(c => c with
                {
                    Fields = c.Fields.Where(f => !f.Key.StartsWith(IgnoredPrefix, StringComparison.Ordinal))
                        .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
                }),
            ],
        };
    }

    private static IEnumerable<string> Names(IReadOnlyList<string> headers, IReadOnlyList<string> map) =>
        headers.Select((h, i) => map[i] switch
        {
            Keep => h,
            Ignore => IgnoredPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            var target => target,
        });

    // Where the header row ends: the first line break outside quotes (or the end of the text).
    private static int HeaderEnd(string csv)
    {
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            switch (csv[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\r' or '\n' when !quoted:
                    return i;
            }
        }

        return csv.Length;
    }

    private static string Quote(string name) =>
        name.AsSpan().IndexOfAny("\",\r\n") < 0 ? name : new StringBuilder("\"").Append(name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
}
