using CsvHelper;

namespace Nudge.Core.Contacts;

/// <summary>
/// Reads contacts from a CSV file with a header row: an <c>email</c> column (required) and any other columns, which
/// become merge fields named after their (trimmed) headers. Each bad row is reported with its line number and reason;
/// a later row with the same email replaces an earlier one.
/// </summary>
public static class ContactCsvReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The header row is missing or has no <c>email</c> column.</exception>
    public static async Task<ContactCsvResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return await ReadAsync(reader, Path.GetFileName(path), cancellationToken);
    }

    /// <summary>Reads CSV text; <paramref name="sourceName"/> names it in errors.</summary>
    public static Task<ContactCsvResult> ReadAsync(TextReader text, string sourceName, CancellationToken cancellationToken)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        using var csv = CsvReader.Create(text, options, true);
        csv.ReadHeader();
        var columns = csv.Headers.Select(h => h.Trim()).ToArray();
        var emailColumn = Array.FindIndex(columns, c => string.Equals(c, "email", StringComparison.OrdinalIgnoreCase));
        if (emailColumn < 0)
        {
            throw new FormatException(columns.Length == 0
                ? $"{sourceName}: line 1: expected a header row with an 'email' column"
                : $"{sourceName}: line 1: no 'email' column (columns: {string.Join(", ", columns)})");
        }

        var contacts = new Dictionary<string, (int Line, Contact Contact)>(StringComparer.OrdinalIgnoreCase);
        var rejected = new List<RejectedRow>();
        while (csv.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != columns.Length)
            {
                rejected.Add(new RejectedRow(line, $"has {csv.FieldCount} values, the header has {columns.Length}"));
                continue;
            }

            var email = csv.GetString(emailColumn).Trim();
            if (!EmailAddress.IsValid(email))
            {
                rejected.Add(new RejectedRow(line, email.Length == 0 ? "email is empty" : $"email '{email}' is not a valid address"));
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                var value = csv.GetString(i).Trim();
                if (i != emailColumn && value.Length > 0)
                {
                    fields[columns[i]] = value;
                }
            }

            contacts[email] = (line, new Contact(0, email, fields));
        }

        var rows = contacts.Values.ToList();
        return Task.FromResult(new ContactCsvResult([.. rows.Select(r => r.Contact)], rejected) { Lines = [.. rows.Select(r => r.Line)] });
    }

}
