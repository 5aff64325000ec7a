using System.Diagnostics;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>
/// Runs Google's official Node client (<c>@googleapis/gmail</c>, <c>tests/google-client/gmail.test.mjs</c>) against an
/// in-process sandbox, with only its root URL and access token changed. A client written by Google that accepts the
/// sandbox's responses is the best evidence short of Gmail itself that the wire format is right.
/// </summary>
public sealed class GoogleNodeClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task GoogleNodeClient_AgainstTheSandbox_PassesItsTests()
    {
        var root = RepositoryRoot();
        var clientDirectory = Path.Combine(root, "tests", "google-client");
        Directory.Exists(Path.Combine(clientDirectory, "node_modules", "@googleapis", "gmail")).ShouldBeTrue(
            "tests/google-client/node_modules is missing: run `npm ci --prefix tests/google-client` from the repository root.");

        var cancellationToken = TestContext.Current.CancellationToken;
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), cancellationToken);
        var mailbox = sandbox.AddMailbox("node@acme.example");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add(Path.Combine("tests", "google-client", "gmail.test.mjs"));
        start.Environment["SANDBOX_BASE_URL"] = sandbox.BaseAddress.ToString();
        start.Environment["SANDBOX_ACCESS_TOKEN"] = mailbox.AccessToken;

        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"node --test did not finish within {Timeout}:\n{await stdout}\n{await stderr}");
        }

        node.ExitCode.ShouldBe(0, $"node --test tests/google-client/gmail.test.mjs failed:\n{await stdout}\n{await stderr}");
    }

    // The test binaries live under the repository's artifacts/ folder; a build with another ArtifactsPath puts them
    // elsewhere, and then NUDGE_REPO_ROOT names the repository.
    private static string RepositoryRoot() =>
        FindAbove(AppContext.BaseDirectory)
        ?? (Environment.GetEnvironmentVariable("NUDGE_REPO_ROOT") is { Length: > 0 } root ? FindAbove(root) : null)
        ?? throw new InvalidOperationException(
            $"No Nudge.slnx above {AppContext.BaseDirectory}; set NUDGE_REPO_ROOT to the repository when building elsewhere.");

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nudge.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
