using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nudge.Sandbox;
using Nudge.Sandbox.Recipients;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxRecipientTests
{
    [Fact]
    public async Task Reply_AfterItsDelay_ArrivesInTheThreadAndInHistory()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule
        {
            Match = "chloe@example.fr",
            Behaviour = RecipientBehaviour.Reply,
            Delay = TimeSpan.FromHours(26),
            Text = "Yes, let's talk",
        }));
        var sentAt = session.Time.GetUtcNow();
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "Chloe <chloe@example.fr>"));
        var start = await session.HistoryIdAsync();

        session.Sandbox.NextScheduledDeliveryAt.ShouldBe(sentAt.AddHours(26));
        session.Time.Advance(TimeSpan.FromHours(25));
        (await ThreadAsync(session, threadId)).GetArrayLength().ShouldBe(1);

        session.Time.Advance(TimeSpan.FromHours(1));
        var messages = await ThreadAsync(session, threadId);

        messages.GetArrayLength().ShouldBe(2);
        var reply = messages[1];
        reply.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldContain("INBOX");
        reply.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldContain("UNREAD");
        reply.GetProperty("internalDate").GetString().ShouldBe(sentAt.AddHours(26).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Header(reply, "From").ShouldBe("Chloe <chloe@example.fr>");
        Header(reply, "To").ShouldContain(SandboxSession.Email);
        Header(reply, "Subject").ShouldBe("Re: Intro");
        Header(reply, "In-Reply-To").ShouldBe(messageId);
        Header(reply, "References").ShouldContain(messageId);
        HasHeader(reply, "Auto-Submitted").ShouldBeFalse();
        var body = Text(reply.GetProperty("payload"));
        body.ShouldStartWith("Yes, let's talk");
        body.ShouldContain("wrote:");
        body.ShouldContain("> Hello from the tests.");
        session.Sandbox.NextScheduledDeliveryAt.ShouldBeNull();

        var (_, history) = await session.GetAsync($"gmail/v1/users/me/history?startHistoryId={start}&historyTypes=messageAdded");
        history.GetProperty("history").EnumerateArray()
            .SelectMany(h => h.GetProperty("messagesAdded").EnumerateArray())
            .Select(a => a.GetProperty("message").GetProperty("id").GetString())
            .ShouldContain(reply.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Reply_ToADraftSentWithDraftsSend_Arrives()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule { Match = "chloe@example.fr", Behaviour = RecipientBehaviour.Reply }));
        var raw = SandboxSession.ToRaw(SandboxSession.Compose("Drafted", to: "chloe@example.fr"));
        var (_, draft) = await session.PostAsync("gmail/v1/users/me/drafts", $$$"""{"message":{"raw":"{{{raw}}}"}}""");

        var (status, sent) = await session.PostAsync("gmail/v1/users/me/drafts/send", $$"""{"id":"{{draft.GetProperty("id").GetString()}}"}""");

        status.ShouldBe(HttpStatusCode.OK);
        var messages = await ThreadAsync(session, sent.GetProperty("threadId").GetString()!);
        messages.GetArrayLength().ShouldBe(2);
        Header(messages[1], "From").ShouldBe("chloe@example.fr");
    }

    [Fact]
    public async Task Reply_ByDefault_AnswersOnlyTheFirstSend()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule { Match = "*@Example.FR", Behaviour = RecipientBehaviour.Reply }));

        await session.SendAndReadBackAsync(SandboxSession.Compose("One", to: "chloe@example.fr"));
        await session.SendAndReadBackAsync(SandboxSession.Compose("Two", to: "chloe@example.fr"));
        await session.SendAndReadBackAsync(SandboxSession.Compose("Three", to: "leo@example.fr"));

        var (_, inbox) = await session.GetAsync("gmail/v1/users/me/messages?labelIds=INBOX");
        inbox.GetProperty("messages").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task OutOfOffice_IsAutoRepliedWithReturnDate_OncePerSenderPerFourDays()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule
        {
            Match = "leo@example.it",
            Behaviour = RecipientBehaviour.OutOfOffice,
            Delay = TimeSpan.FromMinutes(2),
            ReturnDate = new DateOnly(2026, 12, 7),
        }));
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "leo@example.it"));
        session.Time.Advance(TimeSpan.FromDays(1));
        await session.SendAndReadBackAsync(SandboxSession.Compose("Follow-up", to: "leo@example.it"));
        session.Time.Advance(TimeSpan.FromDays(4));
        await session.SendAndReadBackAsync(SandboxSession.Compose("Last try", to: "leo@example.it"));
        session.Time.Advance(TimeSpan.FromMinutes(2));

        var messages = await ThreadAsync(session, threadId);

        messages.GetArrayLength().ShouldBe(2);
        var ooo = messages[1];
        Header(ooo, "Auto-Submitted").ShouldBe("auto-replied");
        HasHeader(ooo, "Precedence").ShouldBeFalse();
        Header(ooo, "Subject").ShouldBe("Re: Intro");
        Header(ooo, "In-Reply-To").ShouldBe(messageId);
        Text(ooo.GetProperty("payload")).ShouldContain("I am out of the office until 2026-12-07");
        var (_, inbox) = await session.GetAsync("gmail/v1/users/me/messages?labelIds=INBOX");
        inbox.GetProperty("messages").GetArrayLength().ShouldBe(2, "the follow-up a day later gets no answer; the one five days later does");
    }

    [Fact]
    public async Task HardBounce_IsAGmailDeliveryStatusReportInTheThread()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule { Match = "*@bounce.example", Behaviour = RecipientBehaviour.HardBounce }));
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "nobody@bounce.example"));

        var messages = await ThreadAsync(session, threadId);

        messages.GetArrayLength().ShouldBe(2);
        var bounce = messages[1];
        Header(bounce, "From").ShouldBe("Mail Delivery Subsystem <mailer-daemon@googlemail.com>");
        Header(bounce, "Subject").ShouldBe("Delivery Status Notification (Failure)");
        Header(bounce, "Auto-Submitted").ShouldBe("auto-replied");
        Header(bounce, "In-Reply-To").ShouldBe(messageId);
        Header(bounce, "X-Failed-Recipients").ShouldBe("nobody@bounce.example");
        Header(bounce, "Content-Type").ShouldContain("report-type=delivery-status");
        var payload = bounce.GetProperty("payload");
        payload.GetProperty("mimeType").GetString().ShouldBe("multipart/report");
        var parts = payload.GetProperty("parts").EnumerateArray().ToList();
        parts.Select(p => p.GetProperty("mimeType").GetString()).ShouldBe(["multipart/alternative", "message/delivery-status", "message/rfc822"]);
        var status = Decode(parts[1].GetProperty("body").GetProperty("data").GetString()!);
        status.ShouldContain("Reporting-MTA: dns; googlemail.com");
        status.ShouldContain("Final-Recipient: rfc822; nobody@bounce.example");
        status.ShouldContain("Action: failed");
        status.ShouldContain("Status: 5.1.1");
        status.ShouldContain("Diagnostic-Code: smtp; 550-5.1.1");
        Decode(parts[2].GetProperty("body").GetProperty("data").GetString()!).ShouldContain(messageId);
        Text(parts[0]).ShouldContain("Address not found");
        bounce.GetProperty("snippet").GetString()!.ShouldContain("Address not found");
    }

    [Fact]
    public async Task SoftBounce_IsADelayNotice()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule { Match = "full@example.org", Behaviour = RecipientBehaviour.SoftBounce, Delay = TimeSpan.FromHours(1) }));
        var (_, threadId, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "full@example.org"));
        session.Time.Advance(TimeSpan.FromHours(1));

        var bounce = (await ThreadAsync(session, threadId))[1];

        Header(bounce, "Subject").ShouldBe("Delivery Status Notification (Delay)");
        HasHeader(bounce, "X-Failed-Recipients").ShouldBeFalse();
        var status = Decode(bounce.GetProperty("payload").GetProperty("parts")[1].GetProperty("body").GetProperty("data").GetString()!);
        status.ShouldContain("Action: delayed");
        status.ShouldContain("Status: 4.2.2");
        status.ShouldContain("Will-Retry-Until:");
        Text(bounce.GetProperty("payload").GetProperty("parts")[0]).ShouldContain("Gmail will retry for 47 more hours");
    }

    [Fact]
    public async Task Unsubscribe_IsAHumanReplyAskingToBeRemoved()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(Script(new RecipientRule { Match = "ana@example.es", Behaviour = RecipientBehaviour.Unsubscribe }));
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "ana@example.es"));

        var answer = (await ThreadAsync(session, threadId))[1];

        Header(answer, "Subject").ShouldBe("Re: Intro");
        Header(answer, "In-Reply-To").ShouldBe(messageId);
        HasHeader(answer, "Auto-Submitted").ShouldBeFalse();
        Text(answer.GetProperty("payload")).ShouldContain("unsubscribe me");
    }

    [Fact]
    public async Task Script_SecondRuleForTheSameAddress_AppliesOnceTheFirstIsUsedUp()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.SetRecipients(RecipientScript.Parse("""
            {"rules":[
              {"match":"chloe@example.fr","behaviour":"out-of-office","times":1},
              {"match":"chloe@example.fr","behaviour":"reply","after":"1h"}
            ]}
            """));
        var (_, first, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "chloe@example.fr"));
        var (_, second, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Follow-up", to: "chloe@example.fr"));
        session.Time.Advance(TimeSpan.FromHours(1));

        Header((await ThreadAsync(session, first))[1], "Auto-Submitted").ShouldBe("auto-replied");
        HasHeader((await ThreadAsync(session, second))[1], "Auto-Submitted").ShouldBeFalse();
    }

    [Fact]
    public async Task Load_BadRule_NamesFileIndexAndField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nudge-recipients-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {"rules":[
              {"match":"chloe@example.fr","behaviour":"reply","after":"26h"},
              {"match":"leo@example.it","behaviour":"reply","after":"soon"}
            ]}
            """, TestContext.Current.CancellationToken);
        try
        {
            var error = Should.Throw<InvalidDataException>(() => RecipientScript.Load(path));

            error.Message.ShouldStartWith(path + ": rules[1].after: 'soon' is not a duration");
            Should.Throw<InvalidDataException>(() => RecipientScript.Parse("""{"rules":[{"match":"x@y.z","behaviour":"shout"}]}""", "f.json"))
                .Message.ShouldStartWith("f.json: rules[0].behaviour:");
            Should.Throw<InvalidDataException>(() => RecipientScript.Parse("""{"rules":[{"match":"not an address","behaviour":"reply"}]}""", "f.json"))
                .Message.ShouldStartWith("f.json: rules[0].match:");
            Should.Throw<InvalidDataException>(() => RecipientScript.Parse("""{"rules":[{"match":"x@y.z","behavior":"reply","delay":"1h"}]}""", "f.json"))
                .Message.ShouldStartWith("f.json: rules[0].delay: unknown field");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RecipientsFile_IsLoadedAtStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nudge-recipients-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"rules":[{"match":"*@bounce.example","behaviour":"hard-bounce","after":"1d2h30m"}]}""", TestContext.Current.CancellationToken);
        try
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
            await using var sandbox = await GmailSandbox.StartAsync(
                new GmailSandboxOptions { TimeProvider = time, RecipientsFile = path }, TestContext.Current.CancellationToken);
            using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };

            var json = await GetJsonAsync(http, "sandbox/recipients");

            var rule = json.GetProperty("rules").EnumerateArray().ShouldHaveSingleItem();
            rule.GetProperty("behaviour").GetString().ShouldBe("hard-bounce");
            rule.GetProperty("after").GetString().ShouldBe("1d2h30m");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task PutRecipients_ReplacesTheRules_AndGetShowsPendingAndDelivered()
    {
        await using var session = await SandboxSession.StartAsync();
        (await PutAsync(session, """{"rules":[{"match":"chloe@example.fr","behaviour":"reply","after":"26h"}]}""")).ShouldBe(HttpStatusCode.OK);
        (await PutAsync(session, """{"rules":[{"match":"leo@example.it","behaviour":"reply","after":"2h","text":"Sure"}]}""")).ShouldBe(HttpStatusCode.OK);
        await session.SendAndReadBackAsync(SandboxSession.Compose("To Chloe", to: "chloe@example.fr"));
        var (sentId, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("To Leo", to: "leo@example.it"));

        var json = await GetJsonAsync(session.Http, "sandbox/recipients");

        var rule = json.GetProperty("rules").EnumerateArray().ShouldHaveSingleItem();
        rule.GetProperty("match").GetString().ShouldBe("leo@example.it");
        rule.GetProperty("after").GetString().ShouldBe("2h");
        var pending = json.GetProperty("pending").EnumerateArray().ShouldHaveSingleItem();
        pending.GetProperty("recipient").GetString().ShouldBe("leo@example.it");
        pending.GetProperty("sentMessageId").GetString().ShouldBe(sentId);
        json.GetProperty("delivered").GetArrayLength().ShouldBe(0);

        session.Time.Advance(TimeSpan.FromHours(2));
        json = await GetJsonAsync(session.Http, "sandbox/recipients");

        json.GetProperty("pending").GetArrayLength().ShouldBe(0);
        json.GetProperty("delivered").EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task PutRecipients_BadScript_Returns400NamingTheField()
    {
        await using var session = await SandboxSession.StartAsync();
        using var content = new StringContent("""{"rules":[{"match":"chloe@example.fr","behaviour":"reply","after":"-1h"}]}""", Encoding.UTF8, "application/json");

        using var response = await session.Http.PutAsync("sandbox/recipients", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("rules[0].after");
    }

    [Fact]
    public async Task PendingDelivery_SurvivesARestartWithAStateFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nudge-sandbox-{Guid.NewGuid():N}.json");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        try
        {
            string threadId;
            await using (var first = await SandboxSession.StartAsync(path, time))
            {
                first.Sandbox.SetRecipients(Script(new RecipientRule { Match = "chloe@example.fr", Behaviour = RecipientBehaviour.Reply, Delay = TimeSpan.FromDays(3) }));
                (_, threadId, _) = await first.SendAndReadBackAsync(SandboxSession.Compose("Intro", to: "chloe@example.fr"));
            }

            await using var second = await SandboxSession.StartAsync(path, time);
            second.Sandbox.NextScheduledDeliveryAt.ShouldBe(time.GetUtcNow().AddDays(3));
            time.Advance(TimeSpan.FromDays(3));

            (await ThreadAsync(second, threadId)).GetArrayLength().ShouldBe(2);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static RecipientScript Script(params RecipientRule[] rules) => new(rules);

    private static async Task<JsonElement> ThreadAsync(SandboxSession session, string threadId)
    {
        var (status, json) = await session.GetAsync($"gmail/v1/users/me/threads/{threadId}?format=full");
        status.ShouldBe(HttpStatusCode.OK);
        return json.GetProperty("messages");
    }

    private static async Task<HttpStatusCode> PutAsync(SandboxSession session, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await session.Http.PutAsync("sandbox/recipients", content, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        var text = await http.GetStringAsync(path, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static bool HasHeader(JsonElement message, string name) =>
        message.GetProperty("payload").GetProperty("headers").EnumerateArray()
            .Any(h => string.Equals(h.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase));

    private static string Header(JsonElement message, string name) =>
        message.GetProperty("payload").GetProperty("headers").EnumerateArray()
            .First(h => string.Equals(h.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase))
            .GetProperty("value").GetString()!;

    // The first text/plain leaf of a payload.
    private static string Text(JsonElement part)
    {
        if (part.GetProperty("mimeType").GetString() == "text/plain")
        {
            return Decode(part.GetProperty("body").GetProperty("data").GetString()!);
        }

        return part.TryGetProperty("parts", out var parts)
            ? parts.EnumerateArray().Select(Text).FirstOrDefault(t => t.Length > 0) ?? ""
            : "";
    }

    private static string Decode(string base64Url)
    {
        var base64 = base64Url.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
    }
}
