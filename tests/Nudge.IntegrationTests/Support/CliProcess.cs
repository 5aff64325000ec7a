using System.Diagnostics;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// Runs the real <c>nudge</c> program (the <c>nudge.dll</c> built next to the tests) as a child process, as a user or a
/// script would, and collects its exit code and output. The engine commands write to the console itself, so a child
/// process is the only way to see exactly what they print.
/// </summary>
internal static class CliProcess
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Runs <c>nudge</c> with <paramref name="arguments"/>. The developer's own <c>NUDGE_*</c> variables are left out;
    /// <paramref name="environment"/> adds or replaces variables.
    /// </summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerProcess.NudgeDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "NUDGE_POSTGRES", "NUDGE_SEQUENCES", "NUDGE_API_TOKEN" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
