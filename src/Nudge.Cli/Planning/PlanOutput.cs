using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nudge.Core.Planning;
using Nudge.Core.Schedule;
using Spectre.Console;

namespace Nudge.Cli.Planning;

/// <summary>Prints a <see cref="CampaignPlan"/>: a table of sends, the problems by kind, and each mailbox's days; or JSON.</summary>
internal static class PlanOutput
{
    // Kinds that lose a contact's message (the worker fails or skips it) are red; those that only delay it are yellow.
    private static readonly string[] KindOrder =
    [
        PlanProblem.MissingField, PlanProblem.InvalidAddress, PlanProblem.Suppressed, PlanProblem.Schedule, PlanProblem.UnknownSequence,
        PlanProblem.Mailbox, PlanProblem.Paused, PlanProblem.DailyLimit,
    ];

    // Readable subjects in a terminal (it's, not it\u0027s): the output is for people and tools, never embedded in HTML.
    private static readonly JsonSerializerOptions ReadableJson = new(PlanJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson(TextWriter output, CampaignPlan plan) =>
        output.WriteLine(JsonSerializer.Serialize(new PlanJson(plan.From, plan.Until, plan.Sends, plan.Problems, plan.MailboxDays),
            ReadableJson.GetTypeInfo(typeof(PlanJson))));

    public static void WriteHuman(IAnsiConsole console, CampaignPlan plan)
    {
        var days = (plan.Until - plan.From).TotalDays;
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Plan[/] from {0:yyyy-MM-dd HH:mm} to {1:yyyy-MM-dd HH:mm} UTC ({2:0.#} days): {3} send(s), {4} problem(s). Nothing is sent.",
            plan.From, plan.Until, days, plan.Sends.Count, plan.Problems.Count);
        console.WriteLine();
        if (plan.Sends.Count == 0)
        {
            console.MarkupLine("Nothing would be sent in that time.");
        }
        else
        {
            var table = new Table().RoundedBorder()
                .AddColumn(new TableColumn("When (contact's time)").NoWrap())
                .AddColumn(new TableColumn("UTC").NoWrap())
                .AddColumn(new TableColumn("Mailbox").NoWrap())
                .AddColumn(new TableColumn("To").NoWrap())
                .AddColumn(new TableColumn("Step").NoWrap())
                .AddColumn("Subject");
            foreach (var send in plan.Sends)
            {
                var local = ScheduleZones.Find(send.TimeZone) is { } zone ? TimeZoneInfo.ConvertTime(send.At, zone) : send.At;
                var when = string.Create(CultureInfo.InvariantCulture, $"{local:ddd yyyy-MM-dd HH:mm} {send.TimeZone}");
                table.AddRow(
                    send.Spilled ? $"{Markup.Escape(when)} [yellow](moved)[/]" : Markup.Escape(when),
                    send.At.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(send.Mailbox),
                    Markup.Escape(send.To),
                    Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{send.Sequence} #{send.Step} {send.Template}")),
                    Markup.Escape(send.Subject));
            }

            console.Write(table);
        }

        WriteProblems(console, plan.Problems);
        WriteMailboxDays(console, plan.MailboxDays);
    }

    private static void WriteProblems(IAnsiConsole console, IReadOnlyList<PlanProblem> problems)
    {
        if (problems.Count == 0)
        {
            console.WriteLine();
            console.MarkupLine("[green]No problem found.[/]");
            return;
        }

        var kinds = problems.Select(p => p.Kind).Distinct(StringComparer.Ordinal)
            .OrderBy(k => Array.IndexOf(KindOrder, k) is var i and >= 0 ? i : KindOrder.Length);
        foreach (var kind in kinds)
        {
            var colour = kind is PlanProblem.Paused or PlanProblem.DailyLimit ? "yellow" : "red";
            var ofKind = problems.Where(p => p.Kind == kind).ToList();
            console.WriteLine();
            console.MarkupLine(CultureInfo.InvariantCulture, "[{0} bold]{1}[/] ({2})", colour, kind, ofKind.Count);
            foreach (var problem in ofKind)
            {
                console.MarkupLine("  [{0}]-[/] {1}", colour, Markup.Escape(problem.Message));
            }
        }
    }

    private static void WriteMailboxDays(IAnsiConsole console, IReadOnlyList<MailboxDay> mailboxDays)
    {
        if (mailboxDays.Count == 0)
        {
            return;
        }

        console.WriteLine();
        var table = new Table().RoundedBorder()
            .AddColumn(new TableColumn("Mailbox").NoWrap())
            .AddColumn(new TableColumn("Day (mailbox's time)").NoWrap())
            .AddColumn(new TableColumn("Sends").RightAligned())
            .AddColumn(new TableColumn("Nudge's share / 24 h").RightAligned())
            .AddColumn(new TableColumn("Gmail limit").RightAligned());
        foreach (var day in mailboxDays)
        {
            var sends = day.Sends.ToString(CultureInfo.InvariantCulture);
            table.AddRow(
                Markup.Escape(day.Mailbox),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{day.Date:ddd yyyy-MM-dd} {day.TimeZone}")),
                day.Sends >= day.Share ? $"[yellow]{sends}[/]" : sends,
                day.Share.ToString(CultureInfo.InvariantCulture),
                day.DailyLimit.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
