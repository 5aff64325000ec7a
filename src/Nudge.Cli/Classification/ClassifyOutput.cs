using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nudge.Core.Classification;
using Spectre.Console;

namespace Nudge.Cli.Classification;

/// <summary>Prints the verdicts of <c>nudge classify</c>: a JSON array, or a table and a count per category.</summary>
internal static class ClassifyOutput
{
    private const int EvidenceShown = 2;
    private const int EvidenceWidth = 70;

    // Evidence quotes subjects and server replies: keep "quotes" and non-ASCII readable (\u0022 helps nobody in a terminal).
    private static readonly JsonSerializerOptions ReadableJson = new(ClassifyJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(TextWriter output, IReadOnlyList<ClassifiedFile> files) =>
        output.WriteLine(JsonSerializer.Serialize(files, ReadableJson.GetTypeInfo(typeof(IReadOnlyList<ClassifiedFile>))));

    public static void WriteHuman(IAnsiConsole console, IReadOnlyList<ClassifiedFile> files, int failed)
    {
        if (files.Count > 0)
        {
            var table = new Table().RoundedBorder()
                .AddColumn("File")
                .AddColumn(new TableColumn("Category").NoWrap())
                .AddColumn("Recipient")
                .AddColumn(new TableColumn("Status").NoWrap())
                .AddColumn(new TableColumn("Return date").NoWrap())
                .AddColumn("Evidence");
            foreach (var file in files)
            {
                var evidence = file.Evidence.Take(EvidenceShown).Select(e => Markup.Escape(Shorten(e)));
                var more = file.Evidence.Count > EvidenceShown ? $"\n[grey](+{file.Evidence.Count - EvidenceShown} more)[/]" : "";
                table.AddRow(
                    Markup.Escape(file.File),
                    $"[{Colour(file.Category)}]{file.Category}[/]",
                    Markup.Escape(file.Recipient ?? ""),
                    Markup.Escape(file.Status ?? ""),
                    file.ReturnDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    string.Join('\n', evidence) + more);
            }

            console.Write(table);
        }

        var counts = ClassifiedFile.Categories.Select(InboundCategoryNames.Name)
            .Select(name => (Name: name, Count: files.Count(f => f.Category == name)))
            .Where(c => c.Count > 0)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count} {c.Name}"));
        var summary = string.Create(CultureInfo.InvariantCulture, $"{files.Count} message(s) classified")
            + (files.Count > 0 ? ": " + string.Join(", ", counts) : "")
            + (failed > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {failed} file(s) could not be read") : "");
        console.MarkupLine(Markup.Escape(summary));
    }

    private static string Colour(string category) => category switch
    {
        "human_reply" => "green",
        "auto_reply" => "yellow",
        "bounce_hard" => "red",
        "bounce_soft" => "orange1",
        "unsubscribe_request" => "aqua",
        _ => "grey",
    };

    private static string Shorten(string text) => text.Length <= EvidenceWidth ? text : text[..(EvidenceWidth - 1)] + "…";
}
