using System.CommandLine;
using System.Globalization;
using Nudge.Cli.Hosting;
using Nudge.Cli.Planning;
using Nudge.Core.Planning;
using Nudge.Core.Sequences;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge plan [--days N] [--json]</c>: what the worker will send over the coming days if nobody replies, per mailbox
/// and contact, with every problem that stands in the way (a missing merge field, a suppressed address, a paused mailbox,
/// a daily limit too small). Sends nothing and calls no Gmail API.
/// </summary>
/// <remarks>Exit codes: 0 the plan has no problem; 3 it has problems; 2 invalid options or sequence files.</remarks>
internal static class PlanCommand
{
    private const int HasProblems = 3;
    private const int UsageError = 2;
    private const int MaxDays = 366;
    private const string DefaultDays = "14";

    public static Command Create()
    {
        var cli = new CliStore();
        // Read as text so that a bad value exits 2 with our message, like every other usage error.
        var days = new Option<string?>("--days") { Description = "How many days ahead to plan, from 1 to 366 (default 14)" };
        var json = new Option<bool>("--json") { Description = "Print the plan as one JSON document: {from, until, sends, problems, mailboxDays}" };
        var command = new Command("plan",
            "Show what would be sent in the coming days if nobody replies, and every problem in the way; sends nothing. "
            + "Exit codes: 0 no problem, 3 the plan has problems, 2 invalid options or sequence files.")
        {
            days,
            json,
            cli.Db,
            cli.Postgres,
            cli.Sequences,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var daysText = parse.GetValue(days)?.Trim() ?? DefaultDays;
            if (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var horizon) || horizon is < 1 or > MaxDays)
            {
                await error.WriteLineAsync($"nudge plan: --days: '{daysText}' is not a number of days from 1 to {MaxDays}.");
                return UsageError;
            }

            SequenceCatalog sequences;
            try
            {
                sequences = await cli.LoadSequencesAsync(parse, cancellationToken);
            }
            catch (SequenceFileException ex)
            {
                await error.WriteLineAsync("nudge plan: " + ex.Message);
                return UsageError;
            }

            var time = TimeProvider.System;
            var store = await cli.OpenStoreAsync(parse, time, cancellationToken);
            CampaignPlan plan;
            try
            {
                plan = await new CampaignPlanner(store, sequences, time).PlanAsync(TimeSpan.FromDays(horizon), cancellationToken);
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }

            if (parse.GetValue(json))
            {
                PlanOutput.WriteJson(output, plan);
            }
            else
            {
                var console = ConsoleFor(output);
                PlanOutput.WriteHuman(console, plan);
            }

            return plan.HasProblems ? HasProblems : 0;
        });
        return command;
    }

    /// <summary>
    /// The real console as it is (its width and colours), or a plain console on the invocation's writer, so that the
    /// output can be captured (tests); such a writer has no width of its own, and a wide one keeps subjects on one line.
    /// </summary>
    private static IAnsiConsole ConsoleFor(TextWriter output)
    {
        if (ReferenceEquals(output, Console.Out))
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        return console;
    }
}
