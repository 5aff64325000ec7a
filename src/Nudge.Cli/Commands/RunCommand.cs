using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrolling;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Web.Api;

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
        var poll = new Option<TimeSpan?>("--poll") { Description = "Pause between cycles (default 30s)", CustomParser = Durations.Parse };
        var lease = new Option<TimeSpan?>("--lease")
        {
            Description = "How long a claimed step or mailbox stays this worker's; a dead worker's work is taken over after it (default 5m)",
            CustomParser = Durations.Parse,
        };
        var sendGap = new Option<TimeSpan?>("--send-gap")
        {
            Description = "Pacing between two sends of one mailbox, jittered ±50% (default 20s; 0 for rehearsals on the sandbox)",
            CustomParser = Durations.Parse,
        };
        var reconcileDelay = new Option<TimeSpan?>("--reconcile-delay")
        {
            Description = "Wait before checking Gmail for a send whose outcome is unknown (default 2m)",
            CustomParser = Durations.Parse,
        };
        var workerId = new Option<string?>("--worker-id") { Description = "This worker's id among those sharing the database (default: host:pid:random)" };
        var quiet = new Option<bool>("--quiet") { Description = "Log warnings and errors only" };
        var listen = new Option<string?>("--listen")
        {
            Description = "Also serve the HTTP API (enroll, pause, resume) at this address, e.g. http://127.0.0.1:8080; needs an API token",
        };
        var apiToken = new Option<string?>("--api-token-file")
        {
            Description = "File holding the API's bearer token (default: $NUDGE_API_TOKEN)",
        };

        var command = new Command("run", "Run the worker: read replies and send the due steps until stopped")
        {
            exitWhenDone, maxTime, poll, lease, sendGap, reconcileDelay, workerId, quiet, listen, apiToken,
        };
        cli.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            SequenceCatalog sequences;
            try
            {
                sequences = await cli.LoadSequencesAsync(parse, cancellationToken);
            }
            catch (SequenceFileException ex)
            {
                await Console.Error.WriteLineAsync("nudge run: " + ex.Message);
                return 2;
            }

            var options = new WorkerOptions();
            options.PollInterval = parse.GetValue(poll) ?? options.PollInterval;
            options.Lease = parse.GetValue(lease) ?? options.Lease;
            options.ReconcileDelay = parse.GetValue(reconcileDelay) ?? options.ReconcileDelay;
            options.Quota.SendGap = parse.GetValue(sendGap) ?? options.Quota.SendGap;
            options.WorkerId = parse.GetValue(workerId) ?? options.WorkerId;
            if (options.PollInterval <= TimeSpan.Zero || options.Lease <= TimeSpan.Zero)
            {
                await Console.Error.WriteLineAsync("nudge run: --poll and --lease must be more than zero");
                return 2;
            }

            // Other workers are taken for dead after a few missed cycles, never sooner than the poll allows.
            options.WorkerTimeout = TimeSpan.FromTicks(Math.Max(options.PollInterval.Ticks * 4, TimeSpan.FromSeconds(10).Ticks));

            using var loggerFactory = LoggerFactory.Create(b => b
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                    o.UseUtcTimestamp = true;
                })
                .SetMinimumLevel(parse.GetValue(quiet) ? LogLevel.Warning : LogLevel.Information));
            string? token = null;
            if (parse.GetValue(listen) is not null)
            {
                token = parse.GetValue(apiToken) is { } tokenFile
                    ? (File.Exists(tokenFile) ? (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim() : null)
                    : Environment.GetEnvironmentVariable("NUDGE_API_TOKEN");
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
                var worker = new SequenceWorker(store, sequences, gmail, time, options, loggerFactory.CreateLogger<SequenceWorker>());
                await using var api = parse.GetValue(listen) is { } url
                    ? await ApiHost.StartAsync(url, store, new Enroller(store, sequences, gmail, time), new NudgeApiOptions { Token = token }, time,
                        cancellationToken)
                    : null;
                return await RunAsync(worker, options, parse.GetValue(exitWhenDone), parse.GetValue(maxTime), cancellationToken);
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(SequenceWorker worker, WorkerOptions options, bool exitWhenDone, TimeSpan? maxTime,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (maxTime is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var token = deadline.Token;
        int sent = 0, failed = 0, stopped = 0;
        var status = 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nudge run: worker {worker.WorkerId}, polling every {options.PollInterval}"));
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

                await Task.Delay(options.PollInterval, token);
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
            $"nudge run: {sent} sent, {failed} failed, {stopped} stopped by replies{(status == NotDone ? "; --max-time ran out before every enrollment was done" : "")}"));
        return status;
    }
}
