using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace Nudge.Cli.Demo;

/// <summary>Prints a <see cref="DemoReport"/> as a timeline, a table per lead and a line of totals, or as JSON.</summary>
internal static class DemoOutput
{
    public static DemoTotals Totals(DemoReport report) =>
        new(report.Leads.Count, report.MessagesSent, report.Count("completed"), report.Count("replied"), report.Count("failed"));

    // Readable names in a terminal (Chloé, not Chlo\u00E9): the output is for people and tools, never embedded in HTML.
    private static readonly JsonSerializerOptions ReadableJson = new(DemoJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(TextWriter output, DemoReport report) =>
        output.WriteLine(JsonSerializer.Serialize(new DemoJson(report, Totals(report)), ReadableJson.GetTypeInfo(typeof(DemoJson))));

    public static void WriteHuman(IAnsiConsole console, DemoReport report)
    {
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Nudge demo[/]: sequence [blue]{0}[/] from [blue]{1}[/] through the Gmail sandbox, {2} simulated days",
            Markup.Escape(report.Sequence), Markup.Escape(report.Mailbox), report.SimulatedDays);
        foreach (var row in report.RejectedRows)
        {
            console.MarkupLine("[yellow]leads.csv {0}[/]", Markup.Escape(row));
        }

        console.WriteLine();
        foreach (var e in report.Timeline.Where(e => e.Kind != "enrolled"))
        {
            var colour = e.Kind switch { "sent" => "green", "replied" => "aqua", "failed" => "red", _ => "grey" };
            // The subject is in the table's threads already; a terminal line keeps the step and the lead.
            var detail = e.Kind == "sent" ? e.Detail.Split(": \"", 2)[0] : e.Detail;
            console.MarkupLine(CultureInfo.InvariantCulture, "  day {0,5:0.00}  [{1}]{2,-10}[/] {3}", e.Day, colour, e.Kind, Markup.Escape(detail));
        }

        console.WriteLine();
        var table = new Table().RoundedBorder()
            .AddColumn("Lead").AddColumn(new TableColumn("Email").NoWrap()).AddColumn(new TableColumn("Steps").RightAligned())
            .AddColumn(new TableColumn("Thread").NoWrap()).AddColumn("Status");
        foreach (var lead in report.Leads)
        {
            var status = lead.Status switch
            {
                "completed" => "[green]completed[/]",
                "replied" => "[aqua]replied[/]",
                "failed" => $"[red]failed[/]: {Markup.Escape(lead.Reason ?? string.Empty)}",
                var other => Markup.Escape(other),
            };
            table.AddRow(Markup.Escape(lead.Name), Markup.Escape(lead.Email), lead.StepsSent.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(lead.ThreadId ?? "-"), status);
        }

        console.Write(table);
        var totals = Totals(report);
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0} leads, {1} messages sent: {2} completed, {3} replied, {4} failed[/]",
            totals.Leads, totals.MessagesSent, totals.Completed, totals.Replied, totals.Failed);
        if (report.Database is not null)
        {
            console.MarkupLine("Database: {0}", Markup.Escape(report.Database));
        }
    }
}
