using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MimeKit;
using Nudge.Sandbox;
using Nudge.Sandbox.Quota;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxStatsTests
{
    [Fact]
    public async Task Stats_AfterCalls_CountsCallsUnitsSendsAndDuplicates()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.QuotaRegime = QuotaRegime.May2026);
        var (first, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Quick question"));
        var (again, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Quick question"));
        await session.SendAndReadBackAsync(SandboxSession.Compose("Quick question", to: "someone.else@example.org"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ya29.wrong");
        (await session.Http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var (status, stats) = await session.GetAsync("sandbox/stats");

        status.ShouldBe(HttpStatusCode.OK);
        stats.GetProperty("quotaRegime").GetString().ShouldBe("May2026");
        var mailbox = stats.GetProperty("mailboxes").EnumerateArray().Single(m => m.GetProperty("email").GetString() == SandboxSession.Email);
        mailbox.GetProperty("kind").GetString().ShouldBe("Gmail");
        var send = mailbox.GetProperty("methods").GetProperty("SendMessage");
        send.GetProperty("calls").GetInt64().ShouldBe(3);
        send.GetProperty("units").GetInt64().ShouldBe(300);
        var get = mailbox.GetProperty("methods").GetProperty("GetMessage");
        get.GetProperty("calls").GetInt64().ShouldBe(3);
        get.GetProperty("units").GetInt64().ShouldBe(60);
        mailbox.GetProperty("units").GetInt64().ShouldBe(360);
        mailbox.GetProperty("sendsByDay").GetProperty("2026-03-02").GetInt64().ShouldBe(3);
        stats.GetProperty("errors").GetProperty("authError").GetInt64().ShouldBe(1);
        var duplicate = stats.GetProperty("duplicates").EnumerateArray().ShouldHaveSingleItem();
        duplicate.GetProperty("email").GetString().ShouldBe(SandboxSession.Email);
        duplicate.GetProperty("subject").GetString().ShouldBe("Quick question");
        duplicate.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()).ShouldBe(["pat@example.org"]);
        duplicate.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ShouldBe([first, again]);
    }

    [Fact]
    public async Task Stats_RefusedCalls_CountedByReason()
    {
        await using var session = await SandboxSession.StartAsync(configure: o => o.DailySendLimit = 1);
        await session.SendAsync(SandboxSession.Compose("One"));
        await session.SendAsync(SandboxSession.Compose("Two"));
        await session.GetAsync("gmail/v1/users/me/messages/ffffffffffffffff?format=minimal");

        var (_, stats) = await session.GetAsync("sandbox/stats");

        var mailbox = stats.GetProperty("mailboxes")[0];
        mailbox.GetProperty("errors").GetProperty("rateLimitExceeded").GetInt64().ShouldBe(1);
        mailbox.GetProperty("errors").GetProperty("notFound").GetInt64().ShouldBe(1);
        mailbox.GetProperty("methods").GetProperty("SendMessage").GetProperty("calls").GetInt64().ShouldBe(2);
        mailbox.GetProperty("sendsByDay").EnumerateObject().Single().Value.GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task MailboxMessages_SentAndImported_ReturnsAllOldestFirstWithPaddedRaw()
    {
        await using var session = await SandboxSession.StartAsync();
        var (sentId, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Hello there"));
        session.Time.Advance(TimeSpan.FromMinutes(5));
        var reply = SandboxSession.Compose("Re: Hello there", to: SandboxSession.Email, inReplyTo: messageId.Trim('<', '>'), from: "pat@example.org");
        reply.Date = session.Time.GetUtcNow();
        (await session.ImportAsync(reply)).Status.ShouldBe(HttpStatusCode.OK);

        var (status, json) = await session.GetAsync($"sandbox/mailboxes/{SandboxSession.Email.ToUpperInvariant()}/messages");

        status.ShouldBe(HttpStatusCode.OK);
        var messages = json.GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2);
        messages[0].GetProperty("id").GetString().ShouldBe(sentId);
        messages[0].GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldContain("SENT");
        messages[0].GetProperty("headers").GetProperty("Message-ID").GetString().ShouldBe(messageId);
        messages[0].GetProperty("headers").GetProperty("To").GetString().ShouldBe("pat@example.org");
        messages[1].GetProperty("threadId").GetString().ShouldBe(threadId);
        messages[1].GetProperty("headers").GetProperty("From").GetString().ShouldBe("pat@example.org");
        long.Parse(messages[1].GetProperty("internalDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(long.Parse(messages[0].GetProperty("internalDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var raw = messages[0].GetProperty("raw").GetString()!;
        (raw.Length % 4).ShouldBe(0);
        raw.ShouldNotContain("+");
        raw.ShouldNotContain("/");
        var bytes = Convert.FromBase64String(raw.Replace('-', '+').Replace('_', '/'));
        MimeMessage.Load(new MemoryStream(bytes), TestContext.Current.CancellationToken).Subject.ShouldBe("Hello there");
    }

    [Fact]
    public async Task MailboxMessages_UnknownMailbox_Returns404()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, _) = await session.GetAsync("sandbox/mailboxes/nobody@acme.example/messages");

        status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Catalog_Entries_MatchDiscoveryDocument()
    {
        // The copy the contract tests use (TestData is copied next to the test assembly).
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "gmail.v1.discovery.json");
        using var discovery = JsonDocument.Parse(File.ReadAllText(path));
        var methods = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Collect(discovery.RootElement, methods);

        foreach (var method in GmailMethodCatalog.All)
        {
            methods.ShouldContainKey(method.DiscoveryId);
            var scopes = methods[method.DiscoveryId].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!).Order(StringComparer.Ordinal);
            method.Scopes.Order(StringComparer.Ordinal).ShouldBe(scopes, method.DiscoveryId);
        }

        GmailMethodCatalog.Find("SendMessage")!.DiscoveryId.ShouldBe("gmail.users.messages.send");
        GmailMethodCatalog.Find("GetMessage")!.Units(QuotaRegime.May2026).ShouldBe(20);
        GmailMethodCatalog.Find("GetThread")!.Units(QuotaRegime.Legacy).ShouldBe(10);
        SandboxScopes.All.Order(StringComparer.Ordinal).ShouldBe(
            discovery.RootElement.GetProperty("auth").GetProperty("oauth2").GetProperty("scopes").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static void Collect(JsonElement resource, Dictionary<string, JsonElement> methods)
    {
        if (resource.TryGetProperty("methods", out var own))
        {
            foreach (var method in own.EnumerateObject())
            {
                methods[method.Value.GetProperty("id").GetString()!] = method.Value;
            }
        }

        if (resource.TryGetProperty("resources", out var children))
        {
            foreach (var child in children.EnumerateObject())
            {
                Collect(child.Value, methods);
            }
        }
    }
}
