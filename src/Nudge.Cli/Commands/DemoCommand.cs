using System.CommandLine;
using Nudge.Cli.Demo;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary><c>nudge demo [--dir PATH] [--json]</c>: a 3-step threaded sequence, sent to the built-in Gmail sandbox.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "Keep the demo's SQLite database in this folder (default: a temporary folder, removed at the end)" };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON" };
        var command = new Command("demo", "Run a 3-step follow-up sequence end to end against the built-in Gmail sandbox, a simulated week in seconds")
        {
            dir,
            json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = await DemoRunner.RunAsync(new DemoOptions { Directory = parse.GetValue(dir)?.FullName }, cancellationToken);
            if (parse.GetValue(json))
            {
                DemoOutput.WriteJson(Console.Out, report);
            }
            else
            {
                DemoOutput.WriteHuman(AnsiConsole.Console, report);
            }

            return 0;
        });
        return command;
    }
}
