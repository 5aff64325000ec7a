using System.Diagnostics;
using System.Globalization;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;
using Nudge.Storage.Sqlite;

namespace Nudge.Bench.Suites;

/// <summary>
/// <c>import</c>: seconds and peak memory to import a generated CSV of a million contacts, 1% of them bad, through the
/// path <c>nudge import CONTACTS.csv</c> takes (streamed CSV rows, <see cref="Enroller.ImportAsync(IEnumerable{ContactCsvRow}, string, CancellationToken)"/>)
/// into a SQLite file.
/// </summary>
public sealed class ImportSuite : IBenchSuite
{
    /// <summary>The target for a million rows, in seconds.</summary>
    public const double TargetSeconds = 30;

    /// <summary>The target for the process's peak resident memory, in MB.</summary>
    public const double TargetPeakRssMegabytes = 500;

    /// <inheritdoc/>
    public string Name => "import";

    /// <inheritdoc/>
    public string Description =>
        "Seconds and peak RSS to import a generated 1,000,000-row CSV (email, first_name, company, timezone; every 100th " +
        "row bad: an invalid email, an empty email, or a missing value) as `nudge import contacts.csv` does, without " +
        "`--sequence`: rows streamed from the file, upserted into a migrated SQLite file in one transaction. " +
        "`import_rejected` is the rows refused, each reported with its line (it must equal the bad rows generated).";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = context.Pick(1_000_000, 1_000);
        var csvPath = Path.Combine(context.Scratch, "contacts.csv");
        var badLines = await GenerateAsync(csvPath, rows, cancellationToken);

        var store = new SqliteEngineStore("Data Source=" + Path.Combine(context.Scratch, "nudge.db"));
        try
        {
            await store.MigrateAsync(cancellationToken);
            var enroller = new Enroller(store, new SequenceCatalog([]), null, TimeProvider.System);
            var watch = Stopwatch.StartNew();
            var result = await enroller.ImportAsync(ContactCsvReader.ReadRows(csvPath, cancellationToken), null, cancellationToken);
            watch.Stop();

            var seconds = watch.Elapsed.TotalSeconds;
            var peak = MachineInfo.PeakRssMegabytes();
            context.Report(new BenchFigure("import_seconds", seconds, "s",
                string.Create(CultureInfo.InvariantCulture, $"< {TargetSeconds} s for 1,000,000 rows"), seconds < TargetSeconds));
            context.Report("import_rows_per_second", rows / seconds, "rows/s");
            context.Report(new BenchFigure("import_peak_rss", peak, "MB",
                string.Create(CultureInfo.InvariantCulture, $"< {TargetPeakRssMegabytes} MB"), peak < TargetPeakRssMegabytes));
            var reportedLines = result.Rejected.Select(r => r.Line).ToHashSet();
            context.Report(new BenchFigure("import_rejected", result.Rejected.Count, "rows",
                string.Create(CultureInfo.InvariantCulture, $"= the {badLines.Count} bad rows, by line"), reportedLines.SetEquals(badLines)));
            context.Report("import_imported", result.Imported, "contacts");
        }
        finally
        {
            store.Dispose();
        }
    }

    /// <summary>Writes the CSV; returns the line numbers of its bad rows (the header is line 1).</summary>
    private static async Task<HashSet<int>> GenerateAsync(string path, int rows, CancellationToken cancellationToken)
    {
        string[] zones = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"];
        var bad = new HashSet<int>();
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("email,first_name,company,timezone".AsMemory(), cancellationToken);
        for (var i = 0; i < rows; i++)
        {
            var line = i + 2;
            var n = i.ToString(CultureInfo.InvariantCulture);
            var zone = zones[i % zones.Length];
            string text;
            if (i % 100 == 99)
            {
                bad.Add(line);
                text = (i / 100 % 3) switch
                {
                    0 => $"lead{n}-at-example.com,Ann{n},Acme {n},{zone}", // not an address
                    1 => $",Ann{n},Acme {n},{zone}", // the required email is empty
                    _ => $"lead{n}@example.com,Ann{n},{zone}", // a column missing
                };
            }
            else
            {
                text = $"lead{n}@example{i % 1000}.com,Ann{n},\"Acme, n°{n}\",{zone}";
            }

            await writer.WriteLineAsync(text.AsMemory(), cancellationToken);
        }

        return bad;
    }
}
