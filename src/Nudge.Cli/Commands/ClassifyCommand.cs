using System.CommandLine;
using MimeKit;
using Nudge.Cli.Classification;
using Nudge.Core.Classification;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge classify FILE.eml… [--json]</c>: what the worker's inbound classifier makes of saved messages (human reply,
/// auto-reply, hard or soft bounce, unsubscribe request, other), with the failed recipient, status, reason, return date
/// and the evidence. A folder stands for every <c>*.eml</c> in it, in name order. Reads local files only, one at a time,
/// and never uses the network or a database.
/// </summary>
/// <remarks>
/// Exit codes: 0 every file was classified; 3 at least one file is missing, unreadable or not a MIME message (each is
/// named on standard error; the others are still classified and printed); 2 invalid usage (no file given, an unknown
/// option).
/// </remarks>
internal static class ClassifyCommand
{
    private const int SomeFilesFailed = 3;
    private const int UsageError = 2;

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Raw RFC 5322 messages (.eml); a folder means every *.eml in it, sorted by name",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print a JSON array: {file, category, recipient, status, reason, returnDate, evidence} per message",
        };
        var command = new Command("classify",
            "Classify saved messages as the worker would: human_reply, auto_reply, bounce_hard, bounce_soft, unsubscribe_request "
            + "or other. Exit codes: 0 all classified, 3 some files could not be read, 2 invalid usage.")
        {
            files,
            json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var arguments = parse.GetValue(files)!;

            // System.CommandLine hands an unknown option to FILE, which takes any number of values: catch it before
            // anything is read, as the usage error it is (a file really named so can be given as ./-name).
            if (arguments.FirstOrDefault(a => a.Length > 1 && a[0] == '-' && !File.Exists(a) && !Directory.Exists(a)) is { } unknown)
            {
                await error.WriteLineAsync($"nudge classify: unknown option '{unknown}'.");
                return UsageError;
            }

            var results = new List<ClassifiedFile>();
            var failed = 0;
            foreach (var argument in arguments)
            {
                var (paths, problem) = Expand(argument);
                if (problem is not null)
                {
                    failed++;
                    await error.WriteLineAsync($"nudge classify: {argument}: {problem}");
                    continue;
                }

                foreach (var path in paths)
                {
                    var (verdict, reason) = await ClassifyAsync(path, cancellationToken);
                    if (verdict is null)
                    {
                        failed++;
                        await error.WriteLineAsync($"nudge classify: {path}: {reason}");
                        continue;
                    }

                    results.Add(ClassifiedFile.From(path, verdict));
                }
            }

            if (parse.GetValue(json))
            {
                ClassifyOutput.WriteJson(output, results);
            }
            else
            {
                ClassifyOutput.WriteHuman(ConsoleFor(output), results, failed);
            }

            return failed > 0 ? SomeFilesFailed : 0;
        });
        return command;
    }

    /// <summary>The files an argument stands for, or why it stands for none.</summary>
    private static (IReadOnlyList<string> Paths, string? Problem) Expand(string argument)
    {
        if (File.Exists(argument))
        {
            return ([argument], null);
        }

        if (!Directory.Exists(argument))
        {
            return ([], "no such file or folder");
        }

        // Ordinal order, so that the output is the same on every machine and in every culture.
        var paths = Directory.EnumerateFiles(argument, "*.eml", SearchOption.TopDirectoryOnly)
            .Select(p => Path.Combine(argument, Path.GetFileName(p)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return paths.Count > 0 ? (paths, null) : ([], "no *.eml file in this folder");
    }

    /// <summary>Parses one file as it streams in and classifies it; a file that cannot be read gives the reason instead.</summary>
    private static async Task<(InboundClassification? Verdict, string? Problem)> ClassifyAsync(string path,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 16 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (stream.Length == 0)
            {
                return (null, "not a MIME message: the file is empty");
            }

            using var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (message.Headers.Count == 0)
            {
                return (null, "not a MIME message: it has no header");
            }

            return (InboundClassifier.Classify(message), null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "no such file");
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return (null, "cannot be read: " + ex.Message);
        }
        catch (FormatException ex)
        {
            // MimeKit's ParseException is a FormatException: the bytes hold no message headers it can read.
            return (null, "not a MIME message: " + ex.Message);
        }
    }

    /// <summary>
    /// The real console as it is (its width and colours) when it is a terminal; otherwise (a pipe, a file, a captured
    /// writer) a plain console 200 columns wide, because Spectre would wrap every path and sentence at 80 columns.
    /// </summary>
    private static IAnsiConsole ConsoleFor(TextWriter output)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
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
