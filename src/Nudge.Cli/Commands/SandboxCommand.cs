using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Nudge.Cli.Sandbox;
using Nudge.Sandbox;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge sandbox [--port N] [--mailbox EMAIL]… [--workspace EMAIL]… [--daily-limit N] [--quota legacy|2026]
/// [--data PATH] [--faults SPEC] [--recipients FILE]</c>: runs the Gmail sandbox on 127.0.0.1 until SIGINT or SIGTERM.
/// </summary>
/// <remarks>
/// At start it prints one JSON line per mailbox on stdout (<c>email</c>, <c>baseUrl</c>, <c>tokenUrl</c>,
/// <c>accessToken</c>, <c>refreshToken</c>, <c>clientId</c>, <c>clientSecret</c>, <c>kind</c>), so that a script or
/// test can read them and point a Gmail client at the sandbox. Invalid options exit with code 2; a clean stop with 0.
/// Options are read as text and checked here, not by System.CommandLine, so that every mistake gets exit code 2 and a
/// message naming the option.
/// </remarks>
internal static class SandboxCommand
{
    private const int UsageError = 2;
    private const string DefaultMailbox = "you@sandbox.example";

    public static Command Create()
    {
        var port = new Option<string?>("--port") { Description = "Loopback port to listen on; 0 (the default) picks a free one", Arity = ArgumentArity.ZeroOrOne };
        var mailbox = new Option<string[]>("--mailbox") { Description = "Add a gmail.com-kind mailbox (500 sends a day); repeatable. Default: " + DefaultMailbox, Arity = ArgumentArity.ZeroOrMore };
        var workspace = new Option<string[]>("--workspace") { Description = "Add a Workspace-kind mailbox (2,000 sends a day); repeatable", Arity = ArgumentArity.ZeroOrMore };
        var dailyLimit = new Option<string?>("--daily-limit") { Description = "Messages each mailbox may send per rolling 24 hours (default: by kind)", Arity = ArgumentArity.ZeroOrOne };
        var quota = new Option<string?>("--quota") { Description = "API quota regime: legacy (15,000 units/user/min) or 2026 (6,000; the default)", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<string?>("--data") { Description = "Keep the mailboxes in this JSON state file across runs", Arity = ArgumentArity.ZeroOrOne };
        var faults = new Option<string?>("--faults") { Description = "Inject faults, e.g. error=0.05,latency=200ms,burst429=10/60s,drop-after-send=0.02,seed=42", Arity = ArgumentArity.ZeroOrOne };
        var recipients = new Option<string?>("--recipients") { Description = "Scripted recipients file (replies, out-of-office, bounces, unsubscribes)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("sandbox", "Run the built-in Gmail API sandbox on 127.0.0.1 until Ctrl+C, printing each mailbox's credentials as a JSON line")
        {
            port,
            mailbox,
            workspace,
            dailyLimit,
            quota,
            data,
            faults,
            recipients,
        };

        // Unknown tokens are reported by the action, so that they too exit with 2.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.UnmatchedTokens.Count > 0)
            {
                return Usage($"unknown argument '{parse.UnmatchedTokens[0]}'.");
            }

            var options = new GmailSandboxOptions();
            if (Given(parse, port))
            {
                if (!TryInt(parse.GetValue(port), 0, 65_535, out var portValue))
                {
                    return Usage("--port must be a number from 0 to 65535.");
                }

                options.Port = portValue;
            }

            if (Given(parse, dailyLimit))
            {
                if (!TryInt(parse.GetValue(dailyLimit), 1, int.MaxValue, out var limit))
                {
                    return Usage("--daily-limit must be a positive number.");
                }

                options.DailySendLimit = limit;
            }

            if (Given(parse, quota))
            {
                switch (parse.GetValue(quota)?.Trim().ToLowerInvariant())
                {
                    case "legacy":
                        options.QuotaRegime = QuotaRegime.Legacy;
                        break;
                    case "2026" or "may2026":
                        options.QuotaRegime = QuotaRegime.May2026;
                        break;
                    default:
                        return Usage("--quota must be 'legacy' or '2026'.");
                }
            }

            if (Given(parse, data))
            {
                if (string.IsNullOrWhiteSpace(parse.GetValue(data)))
                {
                    return Usage("--data needs a file path.");
                }

                options.DataPath = Path.GetFullPath(parse.GetValue(data)!);
            }

            if (Given(parse, faults))
            {
                try
                {
                    var parsed = SandboxFaults.Parse(parse.GetValue(faults) ?? "");
                    options.Faults = parsed.IsEmpty ? null : parsed;
                }
                catch (FormatException e)
                {
                    return Usage("--faults: " + e.Message);
                }
            }

            if (Given(parse, recipients))
            {
                var file = parse.GetValue(recipients);
                if (string.IsNullOrWhiteSpace(file) || !File.Exists(file))
                {
                    return Usage($"--recipients: the file '{file}' does not exist.");
                }

                options.RecipientsFile = Path.GetFullPath(file);
            }

            var mailboxes = new List<(string Email, SandboxAccountKind Kind)>();
            foreach (var (option, kind) in new[] { (mailbox, SandboxAccountKind.Gmail), (workspace, SandboxAccountKind.Workspace) })
            {
                foreach (var email in parse.GetValue(option) ?? [])
                {
                    if (!email.Contains('@', StringComparison.Ordinal) || email.Trim().Length < 3)
                    {
                        return Usage($"{option.Name}: '{email}' is not an email address.");
                    }

                    mailboxes.Add((email.Trim(), kind));
                }
            }

            if (mailboxes.Count == 0)
            {
                mailboxes.Add((DefaultMailbox, SandboxAccountKind.Gmail));
            }

            return await RunAsync(options, mailboxes, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(GmailSandboxOptions options, List<(string Email, SandboxAccountKind Kind)> mailboxes, CancellationToken cancellationToken)
    {
        // Ctrl+C (SIGINT) and SIGTERM (what `kill` and service managers send) both stop the sandbox cleanly with exit
        // code 0: each cancels the wait instead of letting the runtime kill the process. System.CommandLine's own token
        // is linked too, should it be cancelled first.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        GmailSandbox sandbox;
        try
        {
            sandbox = await GmailSandbox.StartAsync(options, stop.Token);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or JsonException or ArgumentException)
        {
            return Usage(e.Message);
        }

        await using (sandbox)
        {
            foreach (var (email, kind) in mailboxes)
            {
                var added = sandbox.AddMailbox(email, kind);
                var line = new SandboxMailboxLine(
                    added.Email,
                    sandbox.BaseAddress.ToString(),
                    new Uri(sandbox.BaseAddress, "token").ToString(),
                    added.AccessToken,
                    added.RefreshToken,
                    added.ClientId,
                    added.ClientSecret,
                    added.Kind.ToString().ToLowerInvariant());
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(line, SandboxCliJsonContext.Default.SandboxMailboxLine));
            }

            await Console.Out.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to end.
            }

            await sandbox.StopAsync(CancellationToken.None);
        }

        return 0;
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is not null;

    private static bool TryInt(string? text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static int Usage(string message)
    {
        Console.Error.WriteLine("nudge sandbox: " + message);
        return UsageError;
    }
}
