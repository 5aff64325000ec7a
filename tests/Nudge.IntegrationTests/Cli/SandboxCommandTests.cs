using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Nudge.IntegrationTests.Cli;

public sealed class SandboxCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sandbox_StartedAsProcess_PrintsCredentialsServesGmailAndExitsZeroOnSigterm()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("SIGTERM is a POSIX signal.");
        }

        using var process = Start("sandbox", "--port", "0", "--mailbox", "a@x.example", "--workspace", "b@x.example");
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var first = await ReadLineAsync(process, ct);
            var second = await ReadLineAsync(process, ct);
            using var a = JsonDocument.Parse(first);
            using var b = JsonDocument.Parse(second);
            a.RootElement.GetProperty("email").GetString().ShouldBe("a@x.example");
            a.RootElement.GetProperty("kind").GetString().ShouldBe("gmail");
            b.RootElement.GetProperty("kind").GetString().ShouldBe("workspace");
            a.RootElement.GetProperty("refreshToken").GetString().ShouldStartWith("1//");
            a.RootElement.GetProperty("clientId").GetString().ShouldNotBeNullOrEmpty();
            a.RootElement.GetProperty("clientSecret").GetString().ShouldNotBeNullOrEmpty();
            var baseUrl = a.RootElement.GetProperty("baseUrl").GetString()!;
            new Uri(baseUrl).Host.ShouldBe("127.0.0.1");

            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", a.RootElement.GetProperty("accessToken").GetString());
            using var response = await http.GetAsync("gmail/v1/users/me/profile", ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            profile.RootElement.GetProperty("emailAddress").GetString().ShouldBe("a@x.example");

            // Process.Kill sends SIGKILL on Linux; a service manager or a shell's `kill` sends SIGTERM.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("--quota", "2025", "--quota")]
    [InlineData("--port", "http", "--port")]
    [InlineData("--daily-limit", "-3", "--daily-limit")]
    [InlineData("--faults", "error=lots", "error=lots")]
    [InlineData("--mailbox", "not-an-address", "--mailbox")]
    public async Task Sandbox_InvalidOption_ExitsTwoNamingIt(string option, string value, string named)
    {
        using var process = Start("sandbox", option, value);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Patience);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            process.ExitCode.ShouldBe(2);
            (await error).ShouldContain(named);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(params string[] args)
    {
        // The test project references Nudge.Cli, so nudge.dll is copied next to the tests.
        var dll = Path.Combine(AppContext.BaseDirectory, "nudge.dll");
        File.Exists(dll).ShouldBeTrue(dll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task<string> ReadLineAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        return await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("nudge sandbox ended before printing: " + await process.StandardError.ReadToEndAsync(cancellationToken));
    }
}
