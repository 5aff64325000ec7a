using System.CommandLine;
using System.Text.Json;
using Nudge.Cli.Commands;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Cli;

/// <summary><c>nudge plan</c>, invoked in-process on a SQLite file and a folder of sequence files.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nudge-cli-plan-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => Path.Combine(_dir, "data", "nudge.db");

    private string Sequences => Path.Combine(_dir, "sequences");

    [Fact]
    public async Task Json_PlanWithAMissingField_PrintsSendsProblemsAndDaysAndExitsThree()
    {
        await SetUpAsync(("ann@globex.example", "Globex"), ("bob@hooli.example", null));

        var (exitCode, stdout, stderr) = await RunAsync("plan", "--json", "--db", Db, "--sequences", Sequences);

        exitCode.ShouldBe(3, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var from = root.GetProperty("from").GetDateTimeOffset();
        (root.GetProperty("until").GetDateTimeOffset() - from).ShouldBe(TimeSpan.FromDays(14));

        var sends = root.GetProperty("sends").EnumerateArray().ToList();
        sends.Count.ShouldBe(2);
        var first = sends[0];
        first.GetProperty("mailbox").GetString().ShouldBe("sam@acme.example");
        first.GetProperty("to").GetString().ShouldBe("ann@globex.example");
        first.GetProperty("sequence").GetString().ShouldBe("outreach");
        first.GetProperty("step").GetInt32().ShouldBe(1);
        first.GetProperty("template").GetString().ShouldBe("intro");
        first.GetProperty("subject").GetString().ShouldBe("Quick question for Globex's team");
        first.GetProperty("threadMode").GetString().ShouldBe("new");
        first.GetProperty("spilled").GetBoolean().ShouldBeFalse();
        first.GetProperty("at").GetDateTimeOffset().ShouldBe(from, "due already: sent at once");
        var second = sends[1];
        (second.GetProperty("step").GetInt32(), second.GetProperty("subject").GetString(), second.GetProperty("threadMode").GetString())
            .ShouldBe((2, "Re: Quick question for Globex's team", "reply"));
        (second.GetProperty("at").GetDateTimeOffset() - from).ShouldBe(TimeSpan.FromDays(3));

        var problem = root.GetProperty("problems").EnumerateArray().ShouldHaveSingleItem();
        problem.GetProperty("kind").GetString().ShouldBe("missing-field");
        problem.GetProperty("contact").GetString().ShouldBe("bob@hooli.example");
        problem.GetProperty("step").GetInt32().ShouldBe(1);
        problem.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("needs field 'company'");

        var day = root.GetProperty("mailboxDays")[0];
        day.GetProperty("mailbox").GetString().ShouldBe("sam@acme.example");
        day.GetProperty("sends").GetInt32().ShouldBe(1);
        (day.GetProperty("share").GetInt32(), day.GetProperty("dailyLimit").GetInt32()).ShouldBe((450, 500));
    }

    [Fact]
    public async Task Human_PlanWithoutProblems_PrintsTheTableAndTotalsAndExitsZero()
    {
        await SetUpAsync(("ann@globex.example", "Globex"));

        var (exitCode, stdout, stderr) = await RunAsync("plan", "--days", "7", "--db", Db, "--sequences", Sequences);

        exitCode.ShouldBe(0, stderr);
        stdout.ShouldContain("2 send(s), 0 problem(s)");
        stdout.ShouldContain("ann@globex.example");
        stdout.ShouldContain("Re: Quick question for Globex's team");
        stdout.ShouldContain("outreach #2 bump");
        stdout.ShouldContain("No problem found.");
        stdout.ShouldContain("Nudge's share / 24 h");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("400")]
    [InlineData("two")]
    public async Task Days_OutOfRange_ExitsTwo(string days)
    {
        await SetUpAsync();

        var (exitCode, _, stderr) = await RunAsync("plan", "--days", days, "--db", Db, "--sequences", Sequences);

        exitCode.ShouldBe(2);
        stderr.ShouldStartWith($"nudge plan: --days: '{days}' is not a number of days from 1 to 366.");
    }

    [Fact]
    public async Task Sequences_MissingFolder_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(_dir, "nope");

        var (exitCode, _, stderr) = await RunAsync("plan", "--db", Db, "--sequences", missing);

        exitCode.ShouldBe(2);
        stderr.ShouldContain(missing);
    }

    public void Dispose()
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
    }

    private async Task SetUpAsync(params (string Email, string? Company)[] contacts)
    {
        var templates = Directory.CreateDirectory(Path.Combine(Sequences, "templates")).FullName;
        await File.WriteAllTextAsync(Path.Combine(Sequences, "outreach.yaml"),
            "name: outreach\nsteps:\n  - template: intro\n    wait: 0\n  - template: bump\n    wait: 3 days\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(templates, "intro.liquid"), "---\nsubject: Quick question for {{ company }}'s team\n---\nHello.\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(templates, "bump.liquid"), "Bumping this.\n", Ct);

        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        var store = EngineStoreFactory.Create(EngineStoreFactory.Sqlite, EngineStoreFactory.SqliteConnectionString(Db));
        try
        {
            await store.MigrateAsync(Ct);
            var mailboxId = await store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam", "http://127.0.0.1:1/", "token", null), Ct);
            var now = TimeProvider.System.GetUtcNow();
            foreach (var (email, company) in contacts)
            {
                var fields = company is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["company"] = company };
                var contactId = await store.UpsertContactAsync(new Contact(0, email, fields), Ct);
                await store.EnrollAsync(contactId, "outreach", mailboxId, now.AddMinutes(-5), Ct);
            }
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var root = new RootCommand("nudge") { PlanCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, Ct);
        return (exitCode, output.ToString(), error.ToString());
    }
}
