using System.CommandLine;
using Nudge.Cli.Hosting;
using Nudge.Core.Sequences;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary><c>nudge sequence validate [PATH]</c>: checks sequence files and their templates; errors name file, line and field.</summary>
internal static class SequenceCommand
{
    public static Command Create()
    {
        var path = new Argument<string?>("PATH")
        {
            Description = "A sequence file, or a folder of them (default: --sequences, $NUDGE_SEQUENCES, else ./sequences)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var cli = new CliStore();
        var validate = new Command("validate", "Check sequence files and the templates they name; exit 0 when all are valid, 2 otherwise") { path };
        validate.Options.Add(cli.Sequences);
        validate.SetAction(async (parse, cancellationToken) =>
        {
            var target = Path.GetFullPath(parse.GetValue(path) ?? cli.SequencesPath(parse));
            var files = Directory.Exists(target)
                ? Directory.EnumerateFiles(target, "*.y*ml").Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal).ToList()
                : [target];
            if (files.Count == 0 || !files.All(File.Exists))
            {
                await Console.Error.WriteLineAsync($"nudge sequence validate: {target}: no sequence file there");
                return 2;
            }

            var errors = 0;
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                try
                {
                    var sequence = await SequenceFile.LoadAsync(file, cancellationToken);
                    if (names.TryGetValue(sequence.Name, out var other))
                    {
                        throw new SequenceFileException($"{Path.GetFileName(file)}: name '{sequence.Name}' is also the name of {Path.GetFileName(other)}");
                    }

                    names[sequence.Name] = file;
                    var fields = sequence.ContactFieldsUsed.Count > 0 ? $"; contact fields used: {string.Join(", ", sequence.ContactFieldsUsed)}" : "";
                    AnsiConsole.MarkupLine($"[green]ok[/] {Markup.Escape(Path.GetFileName(file))}: '{Markup.Escape(sequence.Name)}', {sequence.Steps.Count} steps{Markup.Escape(fields)}");
                }
                catch (SequenceFileException ex)
                {
                    errors++;
                    AnsiConsole.MarkupLine($"[red]error[/] {Markup.Escape(ex.Message)}");
                }
            }

            return errors == 0 ? 0 : 2;
        });
        return new Command("sequence", "Work with sequence files") { validate };
    }
}
