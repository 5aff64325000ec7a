using System.Net;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxThreadingTests
{
    [Fact]
    public async Task Send_ReplyWithHeadersAndSameSubject_JoinsThread()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro"));

        var (_, json) = await session.SendAsync(SandboxSession.Compose("Re: Intro", inReplyTo: messageId), threadId);

        json.GetProperty("threadId").GetString().ShouldBe(threadId);
        var (_, thread) = await session.GetAsync($"gmail/v1/users/me/threads/{threadId}?format=minimal");
        thread.GetProperty("messages").GetArrayLength().ShouldBe(2);
        thread.GetProperty("historyId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task Send_ReplyWithDifferentSubject_StartsNewThread()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro"));

        var (status, json) = await session.SendAsync(SandboxSession.Compose("A new topic", inReplyTo: messageId), threadId);

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("threadId").GetString().ShouldNotBe(threadId);
        json.GetProperty("threadId").GetString().ShouldBe(json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Send_ThreadIdWithoutReplyHeaders_StartsNewThread()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, threadId, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro"));

        var (status, json) = await session.SendAsync(SandboxSession.Compose("Re: Intro"), threadId);

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("threadId").GetString().ShouldNotBe(threadId);
    }

    [Fact]
    public async Task Send_ReplyNamingOriginalClientMessageId_StartsNewThread()
    {
        await using var session = await SandboxSession.StartAsync();
        var original = SandboxSession.Compose("Intro");
        var (_, threadId, _) = await session.SendAndReadBackAsync(original);

        // Gmail replaced the client's Message-ID, so a reply naming it names nothing in the thread.
        var (_, json) = await session.SendAsync(SandboxSession.Compose("Re: Intro", inReplyTo: original.MessageId), threadId);

        json.GetProperty("threadId").GetString().ShouldNotBe(threadId);
    }

    [Fact]
    public async Task Send_UnknownThreadId_Returns400InvalidThreadId()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.SendAsync(SandboxSession.Compose("Intro"), "ffffffffffffffff");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("message").GetString().ShouldBe("Invalid thread_id value");
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("invalidArgument");
    }

    [Fact]
    public async Task Import_ReplyWithoutThreadId_JoinsThreadByHeaders()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, threadId, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro"));
        var reply = SandboxSession.Compose("RE: Re: intro", to: SandboxSession.Email, inReplyTo: messageId, from: "pat@example.org");

        var (status, json) = await session.ImportAsync(reply);

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("threadId").GetString().ShouldBe(threadId);
        json.GetProperty("labelIds").EnumerateArray().Select(l => l.GetString()).ShouldBe(["INBOX", "UNREAD"]);
        (await session.MessageIdHeaderAsync(json.GetProperty("id").GetString()!)).ShouldBe("<" + reply.MessageId + ">");
    }

    [Fact]
    public async Task Import_UnrelatedMessage_StartsNewThread()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, threadId, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Intro"));

        var (_, json) = await session.ImportAsync(SandboxSession.Compose("Re: Intro", to: SandboxSession.Email, from: "pat@example.org"));

        json.GetProperty("threadId").GetString().ShouldNotBe(threadId);
    }
}
