using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrolling;
using Nudge.Core.Rules;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Gmail.Auth;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge serve</c>: the web side. The unsubscribe pages the links of every sequence mail open (always), the HTTP API
/// (with a token), the Gmail push endpoint (with its secret), and with <c>--worker</c> the worker in the same process,
/// which a push then wakes at once.
/// </summary>
/// <remarks>
/// Binds to <c>127.0.0.1</c> unless told otherwise; listening elsewhere without TLS prints a warning. Exit codes: 0
/// stopped (Ctrl+C, <c>--max-time</c>); 1 a failure; 2 invalid options, sequence or rule files.
/// </remarks>
internal static class ServeCommand
{
    public static Command Create()
    {
        var cli = new CliStore();
        var worker = new WorkerCommandOptions();
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default http://127.0.0.1:8080)" };
        var port = new Option<int?>("--port") { Description = "Listen on http://127.0.0.1:PORT (instead of --urls)" };
        var withWorker = new Option<bool>("--worker") { Description = "Also run the worker in this process (read replies, answer by the rules, send)" };
        var maxTime = new Option<TimeSpan?>("--max-time") { Description = "Stop after this long (e.g. 90s, 10m, 2h)", CustomParser = Durations.Parse };
        var apiToken = new Option<string?>("--api-token-file")
        {
            Description = "File holding the HTTP API's bearer token (default: $NUDGE_API_TOKEN); without a token the API is not served",
        };
        var pushToken = new Option<string?>("--push-token-file")
        {
            Description = "File holding the secret of the Gmail push endpoint's URL, /push/gmail?token=… (default: $NUDGE_PUSH_TOKEN)",
        };
        var sandbox = new Option<string?>("--sandbox")
        {
            Description = "A running `nudge sandbox` (its URL): the dashboard's mailboxes page then adds sandbox mailboxes and signs them in",
        };
        var command = new Command("serve", "Serve the unsubscribe pages, the HTTP API and the Gmail push endpoint; --worker runs the worker too")
        {
            urls, port, withWorker, maxTime, apiToken, pushToken, sandbox,
        };
        cli.AddTo(command);
        worker.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = parse.GetValue(port) is { } portNumber
                ? string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{portNumber}")
                : parse.GetValue(urls) ?? "http://127.0.0.1:8080";
            SequenceCatalog sequences;
            IReadOnlyList<InboundRule> rules = [];
            WorkerOptions options;
            try
            {
                sequences = await cli.LoadSequencesAsync(parse, cancellationToken);
                if (parse.GetValue(withWorker))
                {
                    rules = await worker.LoadRulesAsync(parse, sequences, cancellationToken);
                }

                options = worker.Build(parse);
            }
            catch (Exception ex) when (ex is SequenceFileException or RuleFileException or ArgumentException)
            {
                await Console.Error.WriteLineAsync("nudge serve: " + ex.Message);
                return 2;
            }

            var push = parse.GetValue(pushToken) is { } pushFile
                ? (File.Exists(pushFile) ? (await File.ReadAllTextAsync(pushFile, cancellationToken)).Trim() : null)
                : Environment.GetEnvironmentVariable("NUDGE_PUSH_TOKEN");
            if (parse.GetValue(pushToken) is not null && string.IsNullOrEmpty(push))
            {
                await Console.Error.WriteLineAsync($"nudge serve: --push-token-file {parse.GetValue(pushToken)} is missing or empty");
                return 2;
            }

            Uri? sandboxUrl = null;
            if (parse.GetValue(sandbox) is { } sandboxText
                && (!Uri.TryCreate(sandboxText, UriKind.Absolute, out sandboxUrl) || (sandboxUrl.Scheme != Uri.UriSchemeHttp && sandboxUrl.Scheme != Uri.UriSchemeHttps)))
            {
                await Console.Error.WriteLineAsync($"nudge serve: --sandbox: '{sandboxText}' is not an http(s) URL");
                return 2;
            }

            using var loggerFactory = WorkerCommandOptions.CreateLoggerFactory(parse.GetValue(worker.Quiet));
            var time = TimeProvider.System;
            var store = await cli.OpenStoreAsync(parse, time, cancellationToken);
            try
            {
                // Created before the Gmail factory, which decrypts credentials only when the key file exists: the dashboard may
                // connect the first mailbox that needs it.
                var protector = TokenProtector.LoadOrCreate(cli.KeyPath(parse));
                using var gmail = cli.CreateGmailFactory(parse, store, time);
                var sequenceWorker = parse.GetValue(withWorker)
                    ? new SequenceWorker(store, sequences, gmail, time, options, loggerFactory.CreateLogger<SequenceWorker>(), rules)
                    : null;
                var settings = new ApiHostSettings(url, store, new Enroller(store, sequences, gmail, time), time)
                {
                    ApiToken = await ApiHost.ReadTokenAsync(parse.GetValue(apiToken), cancellationToken),
                    PushToken = push,
                    Worker = sequenceWorker,
                    Sequences = sequences,
                    SequencesPath = cli.SequencesPath(parse),
                    DashboardKeysDirectory = cli.DashboardKeysDirectory(parse),
                    Command = "nudge serve",
                    CredentialProtector = protector,
                    GmailClients = gmail,
                    SandboxUrl = sandboxUrl,
                };
                await using var app = await ApiHost.StartAsync(settings, cancellationToken);
                if (sequenceWorker is not null)
                {
                    return await RunCommand.RunAsync(sequenceWorker, options, exitWhenDone: false, parse.GetValue(maxTime), cancellationToken, "nudge serve");
                }

                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (parse.GetValue(maxTime) is { } limit)
                {
                    deadline.CancelAfter(limit);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    // Ctrl+C or --max-time: a clean stop.
                }

                return 0;
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
