using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Gmail;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Cli;

/// <summary>
/// <c>nudge run</c> as the real program, against a Gmail sandbox started in the test: a SQLite file holding one sandbox
/// mailbox, and a 2-step sequence whose follow-up waits a second.
/// </summary>
public sealed class RunCommandTests : IAsyncDisposable
{
    private static readonly string[] ThreadHeaders = ["Subject", "To", "In-Reply-To"];
    private readonly CliWorkspace _ws = CliWorkspace.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ExitWhenDone_EveryContactGetsBothStepsInOneThreadAndExitsZero()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        var mailbox = await _ws.AddSandboxMailboxAsync(sandbox);
        await _ws.WriteOutreachAsync(bumpWait: "1s");
        var csv = await _ws.WriteFileAsync("contacts.csv",
            "email,first_name,company\nann@globex.example,Ann,Globex\ncarl@initech.example,Carl,Initech\ndora@umbrella.example,,Umbrella\n");
        (await _ws.NudgeAsync("import", csv, "--sequence", "outreach")).ExitCode.ShouldBe(0);

        var run = await _ws.NudgeAsync("run", "--exit-when-done", "--poll", "200ms", "--send-gap", "0", "--max-time", "60s");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("nudge run: 6 sent, 0 failed, 0 stopped by replies");
        var store = await _ws.OpenStoreAsync();
        var contacts = (await store.ListContactsAsync(Ct)).ToDictionary(c => c.Id);
        var enrollments = await store.ListEnrollmentsAsync(Ct);
        enrollments.Count.ShouldBe(3);
        using var gmail = new GmailClientFactory(timeProvider: TimeProvider.System);
        var client = gmail.Create(mailbox);
        foreach (var enrollment in enrollments)
        {
            var contact = contacts[enrollment.ContactId];
            enrollment.Status.ShouldBe(EnrollmentStatus.Completed, contact.Email);
            var outbox = await store.ListOutboxAsync(enrollment.Id, Ct);
            outbox.Select(o => o.Step).ShouldBe([1, 2]);
            outbox.ShouldAllBe(o => o.GmailThreadId == enrollment.ThreadId);

            var thread = await client.GetThreadAsync(enrollment.ThreadId!, MessageFormat.Metadata, ThreadHeaders, Ct);
            var messages = thread.Messages!;
            messages.Select(m => m.Id).ShouldBe(outbox.Select(o => o.GmailMessageId!), contact.Email);
            messages.ShouldAllBe(m => m.GetHeader("To")!.Contains(contact.Email, StringComparison.OrdinalIgnoreCase));
            messages[0].GetHeader("Subject").ShouldBe($"Hello {contact.Fields["company"]}");
            messages[1].GetHeader("Subject").ShouldBe($"Re: Hello {contact.Fields["company"]}");
            messages[1].GetHeader("In-Reply-To").ShouldBe(outbox[0].RfcMessageId);
        }

        enrollments.Select(e => e.ThreadId).Distinct().Count().ShouldBe(3, "one thread per contact");
    }

    [Fact]
    public async Task Run_MaxTimeRunsOutBeforeTheSequenceIsDone_ExitsFour()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        await _ws.AddSandboxMailboxAsync(sandbox);
        await _ws.WriteOutreachAsync(bumpWait: "3 days");
        (await _ws.NudgeAsync("enroll", "ann@globex.example", "--sequence", "outreach", "--field", "company=Globex")).ExitCode.ShouldBe(0);

        var run = await _ws.NudgeAsync("run", "--exit-when-done", "--poll", "200ms", "--send-gap", "0", "--max-time", "1s");

        run.ExitCode.ShouldBe(4, run.ToString());
        run.Stdout.ShouldContain("--max-time ran out before every enrollment was done");
        var store = await _ws.OpenStoreAsync();
        (await store.ListEnrollmentsAsync(Ct)).ShouldHaveSingleItem().IsActive.ShouldBeTrue();
    }

    [Fact]
    public async Task Run_MaxTimeWithoutExitWhenDone_StopsCleanlyWithZero()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        await _ws.AddSandboxMailboxAsync(sandbox);
        await _ws.WriteOutreachAsync(bumpWait: "3 days");

        var run = await _ws.NudgeAsync("run", "--poll", "200ms", "--max-time", "1s");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("nudge run: 0 sent, 0 failed, 0 stopped by replies");
    }

    [Theory]
    [InlineData("--poll", "5x")]
    [InlineData("--max-time", "soon")]
    [InlineData("--lease", "3 weeks")]
    [InlineData("--send-gap", "-1s")]
    public async Task Run_InvalidDuration_FailsWithAnErrorNamingTheValue(string option, string value)
    {
        await _ws.WriteOutreachAsync();

        var run = await _ws.NudgeAsync(option == "--max-time" ? ["run", option, value] : ["run", option, value, "--max-time", "1s"]);

        run.ExitCode.ShouldNotBe(0, run.ToString());
        run.FlatStderr.ShouldContain($"'{value}' is not a duration: write for example 500ms, 30s, 5m, 2h or 00:05:00");
        run.Stdout.ShouldNotContain("nudge run: worker", Case.Sensitive, "the worker never starts");
    }

    [Theory]
    [InlineData("--poll", "0")]
    [InlineData("--lease", "0s")]
    public async Task Run_ZeroPollOrLease_ExitsTwo(string option, string value)
    {
        await _ws.WriteOutreachAsync();

        var run = await _ws.NudgeAsync("run", option, value, "--max-time", "1s");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("nudge run: --poll and --lease must be more than zero");
    }

    [Theory]
    [InlineData("--poll", "30")]
    [InlineData("--max-time", "90")]
    public async Task Run_BareNumberAsDuration_IsRefusedRatherThanReadAsDays(string option, string value)
    {
        await _ws.WriteOutreachAsync();

        // Durations.TryParse falls back to TimeSpan.TryParse, which reads "30" as 30 days: `--poll 30` would poll monthly.
        // (--exit-when-done with nothing enrolled: should the value be taken, the run ends after one cycle.)
        var run = await _ws.NudgeAsync("run", option, value, "--exit-when-done");

        run.FlatStderr.ShouldContain($"'{value}' is not a duration", Case.Sensitive, run.ToString());
        run.ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task Run_MissingSequences_ExitsTwoNamingTheFolder()
    {
        var run = await _ws.NudgeAsync("run", "--max-time", "1s");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain($"nudge run: {_ws.Sequences}: no such folder or file of sequences");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("missing.token")]
    [InlineData("empty.token")]
    public async Task Run_ListenWithoutAToken_ExitsTwo(string? tokenFile)
    {
        await _ws.WriteOutreachAsync();
        await _ws.WriteFileAsync("empty.token", "  \n");
        string[] args = ["run", "--listen", "http://127.0.0.1:0", "--max-time", "5s"];

        var run = await _ws.NudgeAsync(tokenFile is null ? args : [.. args, "--api-token-file", Path.Combine(_ws.Dir, tokenFile)]);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("nudge run: --listen needs an API token: --api-token-file FILE or $NUDGE_API_TOKEN");
        run.Stdout.ShouldNotContain("HTTP API at");
    }

    [Fact]
    public async Task Run_ListenWithTheTokenInTheEnvironment_StartsTheApiOnThePortItPrints()
    {
        await _ws.WriteOutreachAsync();

        var run = await _ws.RunAsync(["run", "--listen", "http://127.0.0.1:0", "--exit-when-done", "--db", _ws.Db, "--sequences", _ws.Sequences],
            new Dictionary<string, string> { ["NUDGE_API_TOKEN"] = "from-env" });

        run.ExitCode.ShouldBe(0, run.ToString());
        Regex.IsMatch(run.Stdout, @"^nudge run: HTTP API at http://127\.0\.0\.1:[1-9][0-9]*/api/v1$", RegexOptions.Multiline).ShouldBeTrue(run.ToString());
    }

    [Fact]
    public async Task Run_ListenWithATokenFile_ServesTheApiBesideTheWorker()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        await _ws.AddSandboxMailboxAsync(sandbox);
        await _ws.WriteOutreachAsync(bumpWait: "1s");
        var tokenFile = await _ws.WriteFileAsync("api.token", "s3cret\n");

        // Without --exit-when-done: nothing is enrolled when it starts. It ends by --max-time, or the test kills it.
        await using var worker = WorkerProcess.StartRun("api-worker", ["--listen", "http://127.0.0.1:0", "--api-token-file", tokenFile,
            "--poll", "200ms", "--send-gap", "0", "--max-time", "60s", "--db", _ws.Db, "--sequences", _ws.Sequences]);
        await worker.WaitUntilStartedAsync(TimeSpan.FromSeconds(60), Ct);
        var match = Regex.Match(worker.Output, @"HTTP API at (http://127\.0\.0\.1:(\d+))/api/v1");
        match.Success.ShouldBeTrue(worker.Output);
        match.Groups[2].Value.ShouldNotBe("0", "the line names the port the API listens on, not the :0 it was asked for");

        using var http = new HttpClient { BaseAddress = new Uri(match.Groups[1].Value + "/api/v1/") };
        using var anonymous = await http.GetAsync("enrollments/1", Ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var body = new StringContent("""{"email":"ann@globex.example","sequence":"outreach","fields":{"company":"Globex"}}""",
            Encoding.UTF8, "application/json");
        using var created = await http.PostAsync("enrollments", body, Ct);
        using var view = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct));
        var id = view.RootElement.GetProperty("id").GetInt64();

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, worker.Output);
        var store = await _ws.OpenStoreAsync();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while ((await store.GetEnrollmentAsync(id, Ct))!.IsActive && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(100, Ct);
        }

        (await store.GetEnrollmentAsync(id, Ct))!.Status.ShouldBe(EnrollmentStatus.Completed, worker.Output);
        (await store.ListOutboxAsync(id, Ct)).Count.ShouldBe(2);
        using var done = await http.GetAsync($"enrollments/{id}", Ct);
        using var doneView = JsonDocument.Parse(await done.Content.ReadAsStringAsync(Ct));
        doneView.RootElement.GetProperty("threadId").GetString().ShouldNotBeNullOrEmpty();
    }

    public ValueTask DisposeAsync() => _ws.DisposeAsync();
}
