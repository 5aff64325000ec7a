using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MimeKit;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Messages;
using Nudge.Core.Replies;
using Nudge.Gmail;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Cli;

/// <summary>
/// <c>nudge serve --worker</c> as a user runs it: one process answers new support mail by an inbound rule, sends the
/// sequence with its unsubscribe links, and serves the page those links open.
/// </summary>
public sealed partial class ServeCommandTests : IAsyncDisposable
{
    private readonly CliWorkspace _ws = CliWorkspace.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_WorkerWithRulesAndPublicUrl_AnswersNewMailAndItsUnsubscribeLinkWorks()
    {
        await using var sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        var mailbox = await _ws.AddSandboxMailboxAsync(sandbox);
        await _ws.WriteOutreachAsync(bumpWait: "1h");
        Directory.CreateDirectory(Path.Combine(_ws.Dir, "rules", "templates"));
        await _ws.WriteFileAsync("rules/ack.yaml", $"name: ack\nmailbox: {CliWorkspace.MailboxEmail}\nmatch:\n  from: \"*@customer.example\"\ntemplate: ack\n");
        await _ws.WriteFileAsync("rules/templates/ack.liquid", "Hi {{ first_name | default: \"there\" }}, we have your message.\n");
        (await _ws.NudgeAsync("enroll", "ann@globex.example", "--sequence", "outreach", "--field", "company=Globex")).ExitCode.ShouldBe(0);
        var port = FreePort();

        await using var server = WorkerProcess.StartServe("serve", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--public-url", $"http://127.0.0.1:{port}/", "--rules", Path.Combine(_ws.Dir, "rules"), "--poll", "200ms", "--send-gap", "0",
            "--max-time", "60s", "--db", _ws.Db, "--sequences", _ws.Sequences]);
        await server.WaitUntilStartedAsync(TimeSpan.FromSeconds(60), Ct);
        server.Output.ShouldContain("1 inbound rules");

        // Mail that was in the mailbox before Nudge first read it is not new mail: wait for the first sync (ann's step 1
        // goes out in the same cycle) before the customer writes.
        var store = await _ws.OpenStoreAsync();
        var ann = (await store.ListEnrollmentsAsync(Ct)).Single();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while ((await store.ListOutboxAsync(ann.Id, Ct)).Count == 0 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(100, Ct);
        }

        using var gmailFactory = new GmailClientFactory();
        var gmail = gmailFactory.Create(mailbox);
        var request = new MimeMessage();
        request.From.Add(new MailboxAddress("Carol Diaz", "carol@customer.example"));
        request.To.Add(MailboxAddress.Parse(CliWorkspace.MailboxEmail));
        request.Subject = "Where is my order?";
        request.Body = new TextPart("plain") { Text = "Order 1182 has not arrived." };
        var delivered = await gmail.ImportAsync(MessageComposer.ToRaw(request), null, ["INBOX", "UNREAD"], Ct);

        // Watched through the store, which costs no Gmail quota (the sandbox's per-minute units are the real ones).
        deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (TimeProvider.System.GetUtcNow() < deadline
            && (!(await store.ListRuleRepliesAsync(10, Ct)).Any(r => r.State == RuleReplyState.Sent) || (await store.ListOutboxAsync(ann.Id, Ct)).Count == 0))
        {
            await Task.Delay(200, Ct);
        }

        var thread = await gmail.GetThreadAsync(delivered.ThreadId!, MessageFormat.Minimal, null, Ct);
        thread.Messages.ShouldNotBeNull().Count.ShouldBe(2, server.Output);
        var annMail = await gmail.GetMessageAsync((await store.ListOutboxAsync(ann.Id, Ct)).Single().GmailMessageId!, MessageFormat.Metadata,
            ["List-Unsubscribe"], Ct);
        var link = Link().Match(annMail.GetHeader("List-Unsubscribe") ?? "").Groups["url"].Value;
        link.ShouldStartWith($"http://127.0.0.1:{port}/unsubscribe/", Case.Sensitive, server.Output);

        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri(link), Ct);
        page.ShouldContain("a***@globex.example");
        (await store.GetEnrollmentAsync(ann.Id, Ct)).ShouldNotBeNull().IsActive.ShouldBeTrue("opening the page unsubscribes nobody");
        using var oneClick = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        (await http.PostAsync(new Uri(link), oneClick, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await store.GetEnrollmentAsync(ann.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Unsubscribed);
    }

    [Fact]
    public async Task Serve_RuleNamingAnUnknownSequence_ExitsTwoNamingTheFile()
    {
        await _ws.WriteOutreachAsync();
        Directory.CreateDirectory(Path.Combine(_ws.Dir, "rules", "templates"));
        await _ws.WriteFileAsync("rules/ack.yaml",
            $"name: ack\nmailbox: {CliWorkspace.MailboxEmail}\nmatch:\n  to: \"{CliWorkspace.MailboxEmail}\"\ntemplate: ack\nthen:\n  sequence: follow-up\n");
        await _ws.WriteFileAsync("rules/templates/ack.liquid", "We have your message.\n");

        var result = await _ws.NudgeAsync("serve", "--worker", "--rules", Path.Combine(_ws.Dir, "rules"), "--max-time", "5s");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("ack.yaml: then.sequence: no sequence named 'follow-up'");
    }

    [Fact]
    public async Task Serve_SandboxNotAnHttpUrl_ExitsTwoNamingTheOption()
    {
        await _ws.WriteOutreachAsync();

        var result = await _ws.NudgeAsync("serve", "--sandbox", "ftp://127.0.0.1/", "--max-time", "5s");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("--sandbox: 'ftp://127.0.0.1/' is not an http(s) URL");
    }

    [Fact]
    public async Task Serve_FreshDatabase_CreatesTheCredentialKeyForTheMailboxesPage()
    {
        await _ws.WriteOutreachAsync();

        var result = await _ws.NudgeAsync("serve", "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--max-time", "1s");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(_ws.Db + ".key").ShouldBeTrue("the dashboard may connect the first mailbox that needs the key");
    }

    public ValueTask DisposeAsync() => _ws.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("<(?<url>https?://[^>]+)>")]
    private static partial Regex Link();
}
