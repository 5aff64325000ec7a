using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrolling;
using Nudge.Core.Rules;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge run</c>: the worker. Reads the mailboxes, stops enrollments on replies, bounces and unsubscribes, and sends
/// the due steps, cycle after cycle, until stopped. Several <c>nudge run</c> on one PostgreSQL database share the
/// mailboxes and the due work.
/// </summary>
/// <remarks>
/// Exit codes: 0 stopped (Ctrl+C, <c>--max-time</c>) or done (<c>--exit-when-done</c>); 1 a failure; 2 invalid options or
/// sequence files; 4 <c>--max-time</c> ran out before <c>--exit-when-done</c> was satisfied.
/// </remarks>
internal static class RunCommand
{
    private const int NotDone = 4;

    public static Command Create()
    {
        var cli = new CliStore();
        var exitWhenDone = new Option<bool>("--exit-when-done")
        {
            Description = "Exit 0 once every enrollment has ended or is paused (for scripts and tests)",
        };
        var maxTime = new Option<TimeSpan?>("--max-time") { Description = "Stop after this long (e.g. 90s, 10m, 2h)", CustomParser = Durations.Parse };
        var listen = new Option<string?>("--listen")
        {
            Description = "Also serve the HTTP API (enroll, pause, resume) at this address, e.g. http://127.0.0.1:8080; needs an API token",
        };
        var apiToken = new Option<string?>("--api-token-file")
        {
            Description = "File holding the API's bearer token (default: $NUDGE_API_TOKEN)",
        };

        var worker = new WorkerCommandOptions();
        var command = new Command("run", "Run the worker: read replies, answer new mail by the inbound rules, and send the due steps until stopped")
        {
            exitWhenDone, maxTime, listen, apiToken,
        };
        cli.AddTo(command);
        worker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            SequenceCatalog sequences;
            IReadOnlyList<InboundRule> rules;
            WorkerOptions options;
            try
            {
                sequences = await cli.LoadSequencesAsync(parse, cancellationToken);
                rules = await worker.LoadRulesAsync(parse, sequences, cancellationToken);
                options = worker.Build(parse);
            }
            catch (Exception ex) when (ex is SequenceFileException or RuleFileException or ArgumentException)
            {
                await Console.Error.WriteLineAsync("nudge run: " + ex.Message);
                return 2;
            }

            using var loggerFactory = WorkerCommandOptions.CreateLoggerFactory(parse.GetValue(worker.Quiet));
            string? token = null;
            if (parse.GetValue(listen) is not null)
            {
                token = await ApiHost.ReadTokenAsync(parse.GetValue(apiToken), cancellationToken);
                if (string.IsNullOrEmpty(token))
                {
                    await Console.Error.WriteLineAsync(
                        "nudge run: --listen needs an API token: --api-token-file FILE or $NUDGE_API_TOKEN (the API enrolls contacts, who then get mail)");
                    return 2;
                }
            }

            var time = TimeProvider.System;
            var store = await cli.OpenStoreAsync(parse, time, cancellationToken);
            try
            {
                using var gmail = cli.CreateGmailFactory(parse, store, time);
                var sequenceWorker = new SequenceWorker(store, sequences, gmail, time, options, loggerFactory.CreateLogger<SequenceWorker>(), rules);
                await using var api = parse.GetValue(listen) is { } url
                    ? await ApiHost.StartAsync(
                        new ApiHostSettings(url, store, new Enroller(store, sequences, gmail, time), time)
                        {
                            ApiToken = token,
                            Worker = sequenceWorker,
                            Sequences = sequences,
                            SequencesPath = cli.SequencesPath(parse),
                            DashboardKeysDirectory = cli.DashboardKeysDirectory(parse),
                        },
                        cancellationToken)
                    : null;
                return await RunAsync(sequenceWorker, options, parse.GetValue(exitWhenDone), parse.GetValue(maxTime), cancellationToken);
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    /// <summary>Runs worker cycles until stopped (Ctrl+C, <paramref name="maxTime"/>) or, with <paramref name="exitWhenDone"/>, done.</summary>
    internal static async Task<int> RunAsync(SequenceWorker worker, WorkerOptions options, bool exitWhenDone, TimeSpan? maxTime,
        CancellationToken cancellationToken, string name = "nudge run")
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (maxTime is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var token = deadline.Token;
        int sent = 0, failed = 0, stopped = 0;
        var status = 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: worker {worker.WorkerId}, polling every {options.PollInterval}{(worker.Rules.Count > 0 ? $", {worker.Rules.Count} inbound rules" : "")}"));
        try
        {
            while (true)
            {
                var cycle = await worker.RunCycleAsync(token);
                sent += cycle.Sent;
                failed += cycle.Failed;
                stopped += cycle.Stopped;
                if (exitWhenDone && await worker.IsDoneAsync(token))
                {
                    break;
                }

                await worker.WaitForWorkAsync(options.PollInterval, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Ctrl+C or --max-time: a clean stop. Whatever was mid-send is reconciled by the next run.
            status = exitWhenDone && !cancellationToken.IsCancellationRequested ? NotDone : 0;
        }
        finally
        {
            // Hand the mailboxes over at once instead of after the lease; a worker that is killed skips this, and its
            // leases simply run out.
            await worker.ReleaseAsync(CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {sent} sent, {failed} failed, {stopped} stopped by replies, {worker.RuleRepliesSent} templated replies{(status == NotDone ? "; --max-time ran out before every enrollment was done" : "")}"));
        return status;
    }
}
