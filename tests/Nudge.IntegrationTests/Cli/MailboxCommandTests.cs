using System.Text.Json;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Cli;

/// <summary><c>nudge mailbox add --sandbox</c> and <c>nudge mailbox list --json</c>, run as the real program.</summary>
public sealed class MailboxCommandTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-cli-mailbox-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => Path.Combine(_dir, "data", "nudge.db");

    [Fact]
    public async Task AddSandbox_WithRefreshToken_SignsInStoresEncryptedAndListsAsJson()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        var pat = sandbox.AddMailbox("pat@acme.example");
        var sam = sandbox.AddMailbox("sam@acme.example");
        var url = sandbox.BaseAddress.ToString();

        var added = await RunAsync("mailbox", "add", "pat@acme.example", "--db", Db, "--sandbox", url,
            "--refresh-token", pat.RefreshToken, "--client-id", pat.ClientId, "--client-secret", pat.ClientSecret, "--name", "Pat");
        var addedStatic = await RunAsync("mailbox", "add", "sam@acme.example", "--sandbox", url, "--access-token", sam.AccessToken, "--db", Db);
        var listed = await RunAsync("mailbox", "list", "--json", "--db", Db);

        added.ExitCode.ShouldBe(0, added.Stderr);
        added.Stdout.ShouldContain("Connected pat@acme.example (sandbox, 500 sends a day)");
        addedStatic.ExitCode.ShouldBe(0, addedStatic.Stderr);
        listed.ExitCode.ShouldBe(0, listed.Stderr);
        using var json = JsonDocument.Parse(listed.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("email").GetString()).ShouldBe(["pat@acme.example", "sam@acme.example"]);
        var first = rows[0];
        first.GetProperty("kind").GetString().ShouldBe("sandbox");
        first.GetProperty("status").GetString().ShouldBe("active");
        first.GetProperty("pausedReason").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("sentLast24Hours").GetInt32().ShouldBe(0);
        first.GetProperty("dailyLimit").GetInt32().ShouldBe(500);

        // Encrypted at rest, under a key file only its owner can read.
        var keyPath = Db + ".key";
        File.Exists(keyPath).ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = await File.ReadAllBytesAsync(Db, Ct);
        var text = System.Text.Encoding.UTF8.GetString(database);
        foreach (var secret in new[] { pat.RefreshToken, pat.ClientSecret, sam.AccessToken })
        {
            text.ShouldNotContain(secret);
            (added.Stdout + added.Stderr + listed.Stdout).ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task Quota_RegimeAndDailyLimit_AreStoredAndShownByList()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        var sam = sandbox.AddMailbox("sam@acme.example");
        (await RunAsync("mailbox", "add", "sam@acme.example", "--sandbox", sandbox.BaseAddress.ToString(), "--access-token", sam.AccessToken,
            "--db", Db)).ExitCode.ShouldBe(0);

        var set = await RunAsync("mailbox", "quota", "sam@acme.example", "--regime", "legacy", "--daily-limit", "40", "--db", Db);
        var bad = await RunAsync("mailbox", "quota", "sam@acme.example", "--daily-limit", "lots", "--db", Db);
        var listed = await RunAsync("mailbox", "list", "--json", "--db", Db);
        var reset = await RunAsync("mailbox", "quota", "sam@acme.example", "--daily-limit", "default", "--db", Db);

        set.ExitCode.ShouldBe(0, set.Stderr);
        set.Stdout.ShouldContain("sam@acme.example: regime legacy, daily limit 40.");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("--daily-limit: 'lots'");
        using var json = JsonDocument.Parse(listed.Stdout);
        json.RootElement[0].GetProperty("dailyLimit").GetInt32().ShouldBe(40);
        reset.Stdout.ShouldContain("regime legacy, daily limit 500.");
    }

    [Fact]
    public async Task AddSandbox_RevokedRefreshToken_ExitsOneWithTheFixAndSavesNothing()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        var pat = sandbox.AddMailbox("pat@acme.example");
        using (var http = new HttpClient { BaseAddress = sandbox.BaseAddress })
        using (var empty = new StringContent(""))
        {
            (await http.PostAsync("sandbox/mailboxes/pat@acme.example/revoke", empty, Ct)).Dispose();
        }

        var added = await RunAsync("mailbox", "add", "pat@acme.example", "--db", Db, "--sandbox", sandbox.BaseAddress.ToString(),
            "--refresh-token", pat.RefreshToken, "--client-id", pat.ClientId, "--client-secret", pat.ClientSecret);
        var listed = await RunAsync("mailbox", "list", "--json", "--db", Db);

        added.ExitCode.ShouldBe(1);
        added.Stderr.ShouldContain("Google refused the saved sign-in for pat@acme.example (invalid_grant)");
        listed.Stdout.Trim().ShouldBe("[]");
    }

    [Theory]
    [InlineData("mailbox", "add", "pat@acme.example")]
    [InlineData("mailbox", "add", "not-an-address", "--sandbox", "http://127.0.0.1:1/", "--access-token", "t")]
    [InlineData("mailbox", "add", "pat@acme.example", "--sandbox", "http://127.0.0.1:1/")]
    [InlineData("mailbox", "add", "pat@acme.example", "--sandbox", "http://127.0.0.1:1/", "--refresh-token", "r")]
    [InlineData("mailbox", "add", "pat@acme.example", "--credentials", "missing.json")]
    public async Task Add_InvalidOptions_ExitsTwo(params string[] args)
    {
        var result = await RunAsync([.. args, "--db", Db]);

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldStartWith("nudge mailbox add: ");
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    // Spectre.Console would otherwise size its tables to no terminal at all.
    private static Task<CliResult> RunAsync(params string[] args) =>
        CliProcess.RunAsync(args, new Dictionary<string, string> { ["COLUMNS"] = "200" }, Ct);
}
