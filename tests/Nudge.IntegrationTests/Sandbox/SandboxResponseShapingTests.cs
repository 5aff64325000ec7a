using System.Net;
using System.Text.Json;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxResponseShapingTests
{
    [Fact]
    public async Task GetProfile_Default_IsPrettyPrinted()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, body) = await session.RawAsync(HttpMethod.Get, "gmail/v1/users/me/profile");

        status.ShouldBe(HttpStatusCode.OK);
        body.ShouldStartWith("{\n  \"emailAddress\": \"sam@acme.example\",");
    }

    [Fact]
    public async Task GetProfile_PrettyPrintFalse_IsCompact()
    {
        await using var session = await SandboxSession.StartAsync();

        var (_, body) = await session.RawAsync(HttpMethod.Get, "gmail/v1/users/me/profile?prettyPrint=false");

        body.ShouldStartWith("{\"emailAddress\":\"sam@acme.example\",");
        body.ShouldNotContain("\n");
    }

    [Fact]
    public async Task Error_PrettyPrintFalse_IsCompactToo()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, body) = await session.RawAsync(HttpMethod.Get, "gmail/v1/users/me/messages/ffffffffffffffff?prettyPrint=false");

        status.ShouldBe(HttpStatusCode.NotFound);
        body.ShouldStartWith("{\"error\":{\"code\":404,");
    }

    [Fact]
    public async Task GetMessage_FieldsWithNestedSelection_ReturnsOnlyThoseFields()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Fields"));

        var (_, json) = await session.GetAsync($"gmail/v1/users/me/messages/{sent.Id()}?format=metadata&fields=id,payload/headers(name),labelIds");

        json.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "labelIds", "payload"]);
        json.GetProperty("payload").EnumerateObject().Select(p => p.Name).ShouldBe(["headers"]);
        json.GetProperty("payload").GetProperty("headers").EnumerateArray()
            .ShouldAllBe(h => h.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "name" }));
    }

    [Fact]
    public async Task ListMessages_FieldsOnArrayItems_AppliesToEachItem()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.SendAsync(SandboxSession.Compose("One"));
        await session.SendAsync(SandboxSession.Compose("Two"));

        var (_, json) = await session.GetAsync("gmail/v1/users/me/messages?fields=messages(id)");

        json.EnumerateObject().Select(p => p.Name).ShouldBe(["messages"]);
        json.GetProperty("messages").EnumerateArray().ShouldAllBe(m => m.EnumerateObject().Single().Name == "id");
    }

    [Fact]
    public async Task GetProfile_FieldsWildcard_ReturnsEverything()
    {
        await using var session = await SandboxSession.StartAsync();

        var (_, json) = await session.GetAsync("gmail/v1/users/me/profile?fields=*");

        json.EnumerateObject().Count().ShouldBe(4);
    }

    [Fact]
    public async Task GetProfile_UnbalancedFields_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/profile?fields=messages(id");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("message").GetString()!.ShouldStartWith("Invalid field selection");
    }

    [Fact]
    public async Task GetProfile_AltJson_IsAccepted()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, _) = await session.GetAsync("gmail/v1/users/me/profile?alt=json");

        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GetProfile_AltMedia_Returns400()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("gmail/v1/users/me/profile?alt=media");

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetProperty("code").GetInt32().ShouldBe(400);
    }

    [Fact]
    public async Task GetMessage_ShapedResponse_KeepsHeadersUnescaped()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, sent) = await session.SendAsync(SandboxSession.Compose("Escapes"));

        var (_, body) = await session.RawAsync(HttpMethod.Get, $"gmail/v1/users/me/messages/{sent.Id()}?format=metadata&metadataHeaders=Message-ID");

        body.ShouldContain("\"value\": \"<");
        JsonDocument.Parse(body).RootElement.Id().ShouldBe(sent.Id());
    }
}
