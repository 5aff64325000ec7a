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
    /// <exception cref="FormatException">The header row is missing or has no <c>email</c> column.</exception>
    public static Task<ContactCsvResult> ReadAsync(TextReader text, string sourceName, CancellationToken cancellationToken)
    {
        var contacts = new Dictionary<string, (int Line, Contact Contact)>(StringComparer.OrdinalIgnoreCase);
        var rejected = new List<RejectedRow>();
        using var csv = Open(text, sourceName, out var columns, out var emailColumn);
        foreach (var row in Rows(csv, columns, emailColumn, cancellationToken))
        {
            if (row.Contact is { } contact)
            {
                contacts[contact.Email] = (row.Line, contact);
            }
            else
            {
                rejected.Add(row.Rejected!);
            }
        }

        var rows = contacts.Values.ToList();
        return Task.FromResult(new ContactCsvResult([.. rows.Select(r => r.Contact)], rejected) { Lines = [.. rows.Select(r => r.Line)] });
    }

    /// <summary>
    /// Streams the file at <paramref name="path"/> row by row, for files too big to hold: each bad row with its reason,
    /// and each good row whose email no later good row repeats (as <see cref="ReadAsync(string, CancellationToken)"/>
    /// keeps the last), in file order. The file is read twice: first only to find the repeated emails, whose earlier
    /// lines are skipped.
    /// </summary>
    /// <remarks>The header is checked at once; the rows are read as they are enumerated, which may be once only.</remarks>
    /// <exception cref="FormatException">The header row is missing or has no <c>email</c> column.</exception>
    public static IEnumerable<ContactCsvRow> ReadRows(string path, CancellationToken cancellationToken)
    {
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        using (Open(reader, Path.GetFileName(path), out _, out _))
        {
            // Only the header is read here, so that a file without an email column fails before anything is stored.
        }

        return ReadRowsOnce(path, cancellationToken);
    }

    private static IEnumerable<ContactCsvRow> ReadRowsOnce(string path, CancellationToken cancellationToken)
    {
        // First pass: the lines superseded by a later row with the same email. Only the emails are held (not the
        // contacts), and only the superseded lines are kept for the second pass: usually none.
        var superseded = new HashSet<int>();
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        using (var csv = Open(reader, Path.GetFileName(path), out var columns, out var emailColumn))
        {
            var lastLine = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in Rows(csv, columns, emailColumn, cancellationToken))
            {
                if (row.Contact is { } contact && lastLine.TryGetValue(contact.Email, out var earlier))
                {
                    superseded.Add(earlier);
                }

                if (row.Contact is not null)
                {
                    lastLine[row.Contact.Email] = row.Line;
                }
            }
        }

        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        using (var csv = Open(reader, Path.GetFileName(path), out var columns, out var emailColumn))
        {
            foreach (var row in Rows(csv, columns, emailColumn, cancellationToken))
            {
                if (row.Contact is null || !superseded.Contains(row.Line))
                {
                    yield return row;
                }
            }
        }
    }

    private static CsvReader Open(TextReader text, string sourceName, out string[] columns, out int emailColumn)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        var csv = CsvReader.Create(text, options, true);
        csv.ReadHeader();
        columns = csv.Headers.Select(h => h.Trim()).ToArray();
        var names = columns;
        emailColumn = Array.FindIndex(names, c => string.Equals(c, "email", StringComparison.OrdinalIgnoreCase));
        if (emailColumn < 0)
        {
            csv.Dispose();
            throw new FormatException(names.Length == 0
                ? $"{sourceName}: line 1: expected a header row with an 'email' column"
                : $"{sourceName}: line 1: no 'email' column (columns: {string.Join(", ", names)})");
        }

        return csv;
    }

    private static IEnumerable<ContactCsvRow> Rows(CsvReader csv, string[] columns, int emailColumn, CancellationToken cancellationToken)
    {
        while (csv.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != columns.Length)
            {
                yield return new ContactCsvRow(line, null, new RejectedRow(line, $"has {csv.FieldCount} values, the header has {columns.Length}"));
                continue;
            }

            var email = csv.GetString(emailColumn).Trim();
            if (!EmailAddress.IsValid(email))
            {
                yield return new ContactCsvRow(line, null,
                    new RejectedRow(line, email.Length == 0 ? "email is empty" : $"email '{email}' is not a valid address"));
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

            yield return new ContactCsvRow(line, new Contact(0, email, fields), null);
        }
    }
}
