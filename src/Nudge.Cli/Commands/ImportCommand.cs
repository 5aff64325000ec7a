using System.CommandLine;
using Nudge.Cli.Hosting;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge import CONTACTS.csv [--sequence NAME]</c>: upserts contacts by email and, with <c>--sequence</c>, enrolls
/// them. Every refused row is reported with its line number and reason; the accepted rows are stored in one
/// transaction, so an interrupted import stores nothing.
/// </summary>
/// <remarks>Exit codes: 0 every row imported; 3 some rows refused (the rest imported); 1 a failure; 2 invalid options.</remarks>
internal static class ImportCommand
{
    private const int SomeRejected = 3;

    public static Command Create()
    {
        var cli = new CliStore();
        var file = new Argument<string>("CONTACTS.csv") { Description = "CSV with a header row: an 'email' column, any other columns become merge fields" };
        var sequence = new Option<string?>("--sequence") { Description = "Enroll every imported contact in this sequence" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("import", "Import contacts from a CSV file, and optionally enroll them in a sequence") { file, sequence, json };
        cli.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"nudge import: {path}: no such file");
                return 2;
            }

            // Streamed: a file of a million rows is read as it is stored, never held whole (docs/BENCHMARKS.md, import).
            IEnumerable<ContactCsvRow> csv;
            try
            {
                csv = ContactCsvReader.ReadRows(path, cancellationToken);
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync("nudge import: " + ex.Message);
                return 2;
            }

            var sequenceName = parse.GetValue(sequence);
            SequenceCatalog catalog;
            try
            {
                catalog = sequenceName is null ? new SequenceCatalog([]) : await cli.LoadSequencesAsync(parse, cancellationToken);
            }
            catch (SequenceFileException ex)
            {
                await Console.Error.WriteLineAsync("nudge import: " + ex.Message);
                return 2;
            }

            if (sequenceName is not null && catalog.Find(sequenceName) is null)
            {
                await Console.Error.WriteLineAsync($"nudge import: --sequence: no sequence named '{sequenceName}' in {cli.SequencesPath(parse)}");
                return 2;
            }

            var time = TimeProvider.System;
            var store = await cli.OpenStoreAsync(parse, time, cancellationToken);
            try
            {
                using var gmail = cli.CreateGmailFactory(parse, store, time);
                var result = await new Enroller(store, catalog, gmail, time).ImportAsync(csv, sequenceName, cancellationToken);
                Print(Path.GetFileName(path), result, sequenceName, parse.GetValue(json));
                return result.Rejected.Count > 0 ? SomeRejected : 0;
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static void Print(string fileName, ImportResult result, string? sequenceName, bool json)
    {
        if (json)
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                new ImportOutput(result.Imported, result.Enrolled, [.. result.Rejected.Select(r => new ImportRejection(r.Line, r.Reason))]),
                CliJsonContext.Default.ImportOutput));
            return;
        }

        AnsiConsole.MarkupLine(sequenceName is null
            ? $"[green]{result.Imported}[/] contacts imported from {Markup.Escape(fileName)}"
            : $"[green]{result.Imported}[/] contacts imported from {Markup.Escape(fileName)}, {result.Enrolled} enrolled in [bold]{Markup.Escape(sequenceName)}[/]");
        if (result.Rejected.Count == 0)
        {
            return;
        }

        AnsiConsole.MarkupLine($"[red]{result.Rejected.Count} rows refused[/] (nothing of them was stored):");
        var table = new Table().AddColumn("Line").AddColumn("Reason");
        foreach (var row in result.Rejected)
        {
            table.AddRow(row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(row.Reason));
        }

        AnsiConsole.Write(table);
    }
}
