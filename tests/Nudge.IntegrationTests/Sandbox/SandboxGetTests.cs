using System.Net;
using System.Text.Json;
using MimeKit;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxGetTests
{
    [Fact]
    public async Task Get_SimulatedClock_DateHeaderFollowsTheSandboxClock()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Time.Advance(TimeSpan.FromDays(3));

        using var response = await session.Http.GetAsync("gmail/v1/users/me/profile", TestContext.Current.CancellationToken);

        response.Headers.Date.ShouldBe(session.Time.GetUtcNow().AddTicks(-(session.Time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public async Task Get_FormatRaw_ReturnsPaddedBase64UrlOfStoredMessage()
    {
        await using var session = await SandboxSession.StartAsync();
        var (id, _, messageId) = await session.SendAndReadBackAsync(SandboxSession.Compose("Raw check ???"));

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/messages/{id}?format=raw");

        var raw = json.GetProperty("raw").GetString()!;
        raw.Length.ShouldBe(raw.Length / 4 * 4, "raw is padded to a multiple of 4");
        raw.ShouldNotContain('+');
        raw.ShouldNotContain('/');
        var bytes = Convert.FromBase64String(raw.Replace('-', '+').Replace('_', '/'));
        var parsed = MimeMessage.Load(new MemoryStream(bytes), TestContext.Current.CancellationToken);
        parsed.Subject.ShouldBe("Raw check ???");
        ("<" + parsed.MessageId + ">").ShouldBe(messageId);
        json.GetProperty("sizeEstimate").GetInt32().ShouldBe(bytes.Length);
        json.TryGetProperty("payload", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("minimal")]
    [InlineData("metadata")]
    [InlineData("full")]
    [InlineData("raw")]
    public async Task Get_AnyFormat_Int64FieldsAreStringsAndCountsAreNumbers(string format)
    {
        await using var session = await SandboxSession.StartAsync();
        var (id, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Types"));

        var (_, message) = await session.GetAsync($"gmail/v1/users/me/messages/{id}?format={format}");
        var (_, profile) = await session.GetAsync("gmail/v1/users/me/profile");

        message.GetProperty("historyId").ValueKind.ShouldBe(JsonValueKind.String);
        message.GetProperty("internalDate").GetString().ShouldBe(session.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.GetProperty("sizeEstimate").ValueKind.ShouldBe(JsonValueKind.Number);
        profile.GetProperty("historyId").ValueKind.ShouldBe(JsonValueKind.String);
        profile.GetProperty("messagesTotal").GetInt32().ShouldBe(1);
        profile.GetProperty("threadsTotal").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Get_FormatFull_ReturnsPartTreeWithUnpaddedBodyData()
    {
        await using var session = await SandboxSession.StartAsync();
        var message = SandboxSession.Compose("Tree");
        var builder = new BodyBuilder { TextBody = "Plain text!", HtmlBody = "<p>Html</p>" };
        builder.Attachments.Add("notes.txt", "attached"u8.ToArray(), new ContentType("text", "plain"));
        message.Body = builder.ToMessageBody();
        var (id, _, _) = await session.SendAndReadBackAsync(message);

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/messages/{id}");

        var payload = json.GetProperty("payload");
        payload.GetProperty("partId").GetString().ShouldBe("");
        payload.GetProperty("mimeType").GetString().ShouldBe("multipart/mixed");
        payload.GetProperty("headers").EnumerateArray().Select(h => h.GetProperty("name").GetString()).ShouldContain("Subject");
        var alternative = payload.GetProperty("parts")[0];
        alternative.GetProperty("partId").GetString().ShouldBe("0");
        var text = alternative.GetProperty("parts")[0];
        text.GetProperty("partId").GetString().ShouldBe("0.0");
        text.GetProperty("body").GetProperty("data").GetString().ShouldBe("UGxhaW4gdGV4dCE"); // "Plain text!" unpadded
        var attachment = payload.GetProperty("parts")[1];
        attachment.GetProperty("filename").GetString().ShouldBe("notes.txt");
        attachment.GetProperty("body").TryGetProperty("data", out _).ShouldBeFalse();
        attachment.GetProperty("body").GetProperty("attachmentId").GetString().ShouldNotBeNullOrEmpty();
        json.GetProperty("snippet").GetString().ShouldBe("Plain text!");
    }

    [Fact]
    public async Task Get_FormatMetadataWithHeaders_FiltersHeadersCaseInsensitively()
    {
        await using var session = await SandboxSession.StartAsync();
        var (id, _, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Filtered"));

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/messages/{id}?format=metadata&metadataHeaders=subject&metadataHeaders=message-id");

        // MimeKit spells it "Message-Id"; the filter must match whatever case the message uses.
        var names = json.GetProperty("payload").GetProperty("headers").EnumerateArray()
            .Select(h => h.GetProperty("name").GetString()!.ToUpperInvariant());
        names.ShouldBe(["SUBJECT", "MESSAGE-ID"], ignoreOrder: true);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Envelope()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/messages/0123456789abcdef?prettyPrint=false");

        status.ShouldBe(HttpStatusCode.NotFound);
        json.GetRawText().ShouldBe(
            """{"error":{"code":404,"message":"Requested entity was not found.","errors":[{"message":"Requested entity was not found.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}}""");
    }

    [Fact]
    public async Task Get_UnknownRoute_Returns404Envelope()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/no/such/thing");

        status.ShouldBe(HttpStatusCode.NotFound);
        json.GetProperty("error").GetProperty("status").GetString().ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task GetThread_FormatRaw_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, threadId, _) = await session.SendAndReadBackAsync(SandboxSession.Compose("Thread"));

        var (status, json) = await session.GetAsync($"gmail/v1/users/me/threads/{threadId}?format=raw");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("invalidArgument");
    }
}
