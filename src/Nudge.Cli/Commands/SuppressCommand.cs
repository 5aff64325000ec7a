using System.CommandLine;
using System.Globalization;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrollments;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge suppress add|remove|list</c>: the global suppression list of addresses and domains, checked at enrollment and
/// again just before every send. Bounces and unsubscribes add to it by themselves.
/// </summary>
internal static class SuppressCommand
{
    public static Command Create()
    {
        var cli = new CliStore();
        var values = new Argument<string[]>("ADDRESS-OR-DOMAIN") { Description = "ann@example.com, or example.com / @example.com for a whole domain", Arity = ArgumentArity.OneOrMore };
        var reason = new Option<string?>("--reason") { Description = "Why (default: added by hand)" };
        var add = new Command("add", "Never write to these addresses or domains again") { values, reason };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var entries = new List<Suppression>();
            foreach (var value in parse.GetValue(values)!)
            {
                try
                {
                    entries.Add(Suppression.Parse(value, parse.GetValue(reason) ?? "added by hand", now));
                }
                catch (FormatException ex)
                {
                    await Console.Error.WriteLineAsync("nudge suppress add: " + ex.Message);
                    return 2;
                }
            }

            return await WithStoreAsync(cli, parse, async store =>
            {
                foreach (var entry in entries)
                {
                    var added = await store.AddSuppressionAsync(entry, cancellationToken);
                    Console.WriteLine($"{(added ? "suppressed" : "already suppressed")}: {entry.Value} ({entry.Kind.ToString().ToLowerInvariant()})");
                }

                return 0;
            }, cancellationToken);
        });

        var removeValues = new Argument<string[]>("ADDRESS-OR-DOMAIN") { Arity = ArgumentArity.OneOrMore };
        var remove = new Command("remove", "Allow these addresses or domains again") { removeValues };
        remove.SetAction(async (parse, cancellationToken) => await WithStoreAsync(cli, parse, async store =>
        {
            var missing = 0;
            foreach (var value in parse.GetValue(removeValues)!)
            {
                var removed = await store.RemoveSuppressionAsync(value, cancellationToken);
                missing += removed ? 0 : 1;
                Console.WriteLine($"{(removed ? "removed" : "not on the list")}: {value}");
            }

            return missing == 0 ? 0 : 1;
        }, cancellationToken));

        var list = new Command("list", "Show the suppression list");
        list.SetAction(async (parse, cancellationToken) => await WithStoreAsync(cli, parse, async store =>
        {
            var table = new Table().AddColumns("Address or domain", "Kind", "Reason", "Since (UTC)");
            foreach (var s in await store.ListSuppressionsAsync(cancellationToken))
            {
                table.AddRow(Markup.Escape(s.Value), s.Kind.ToString().ToLowerInvariant(), Markup.Escape(s.Reason),
                    s.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        }, cancellationToken));

        var command = new Command("suppress", "The suppression list: addresses and domains Nudge never writes to") { add, remove, list };
        cli.AddTo(command);
        return command;
    }

    private static async Task<int> WithStoreAsync(CliStore cli, ParseResult parse, Func<Core.Abstractions.IEngineStore, Task<int>> work,
        CancellationToken cancellationToken)
    {
        var store = await cli.OpenStoreAsync(parse, TimeProvider.System, cancellationToken);
        try
        {
            return await work(store);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }
}
