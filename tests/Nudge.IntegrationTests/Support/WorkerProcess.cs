using System.Diagnostics;
using System.Text;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// One <c>nudge run</c> worker started as a real process (<c>dotnet nudge.dll run ...</c>), as a service manager would
/// start it: its output is collected in the background, and it can be killed with SIGKILL at any point.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>The line <c>nudge run</c> prints once its store is open and migrated, before its first cycle.</summary>
    public const string StartedLine = "nudge run: worker ";

    /// <summary>What <c>nudge serve --worker</c> prints when its worker starts.</summary>
    public const string ServeStartedLine = "nudge serve: worker ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdout;
    private readonly Task _stderr;

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _stdout = PumpAsync(process.StandardOutput, "");
        _stderr = PumpAsync(process.StandardError, "stderr: ");
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the worker printed so far, stdout and stderr interleaved as they came.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The <c>nudge.dll</c> next to the test assembly: the test project references Nudge.Cli, so its build output is
    /// copied there, wherever the artifacts go (artifacts/bin/... in CI, another ArtifactsPath locally).
    /// </summary>
    public static string NudgeDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "nudge.dll");
            File.Exists(dll).ShouldBeTrue($"{dll} is missing: the test project references Nudge.Cli, so the build copies it next to the tests");
            return dll;
        }
    }

    /// <summary>Starts <c>nudge run</c> with <paramref name="arguments"/> (everything after <c>run</c>).</summary>
    public static WorkerProcess StartRun(string name, IEnumerable<string> arguments) => Start(name, "run", arguments);

    /// <summary>Starts <c>nudge serve --worker</c> with <paramref name="arguments"/> (everything after <c>serve</c>).</summary>
    public static WorkerProcess StartServe(string name, IEnumerable<string> arguments) => Start(name, "serve", ["--worker", .. arguments]);

    private static WorkerProcess Start(string name, string command, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(NudgeDll);
        info.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A developer's own NUDGE_POSTGRES must not redirect a worker meant for a test's SQLite file.
        info.Environment.Remove("NUDGE_POSTGRES");
        info.Environment.Remove("NUDGE_SEQUENCES");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        return new WorkerProcess(name, process);
    }

    /// <summary>Waits until the worker has opened its store and is about to run its first cycle.</summary>
    public async Task WaitUntilStartedAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience);
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(_started.Task, exited);
        if (first == _started.Task)
        {
            return;
        }

        await first; // Throws when the patience ran out.
        await DrainAsync();
        throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before starting its first cycle:\n{Output}");
    }

    /// <summary>SIGKILL on Linux: the worker gets no chance to finish a send, record it or give back its leases.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        await DrainAsync();
    }

    /// <summary>
    /// Waits for the worker to exit by itself and returns its exit code, or <see langword="null"/> when the patience ran
    /// out first (the worker is then killed).
    /// </summary>
    public async Task<int?> WaitForExitAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
            return null;
        }

        await DrainAsync();
        return _process.ExitCode;
    }

    /// <summary>Writes the output to <paramref name="path"/> (kept with the campaign's folder, for a post-mortem).</summary>
    public Task SaveOutputAsync(string path) => File.WriteAllTextAsync(path, Output, CancellationToken.None);

    /// <summary>How many lines of the output contain <paramref name="text"/> (a log event id such as <c>[1006]</c>).</summary>
    public int CountLines(string text) => Output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>The last <paramref name="lines"/> lines of the output, each cut to 300 characters, for a failure message.</summary>
    public string Tail(int lines) =>
        string.Join('\n', Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines).Select(l => l.Length > 300 ? l[..300] + "..." : l));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task DrainAsync()
    {
        // The pipes close when the process is gone; what it wrote last is read before anyone looks at Output.
        await Task.WhenAll(_stdout, _stderr);
    }

    private async Task PumpAsync(StreamReader reader, string prefix)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lock (_gate)
            {
                _output.Append(prefix).AppendLine(line);
            }

            if (line.StartsWith(StartedLine, StringComparison.Ordinal) || line.StartsWith(ServeStartedLine, StringComparison.Ordinal))
            {
                _started.TrySetResult();
            }
        }
    }
}
