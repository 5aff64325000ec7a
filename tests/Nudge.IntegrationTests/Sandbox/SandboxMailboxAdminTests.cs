using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxMailboxAdminTests
{
    [Fact]
    public async Task CreateMailbox_NewWorkspaceAddress_Returns201WithWorkingCredentials()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await PostAsync(session, """{"email":"ops@corp.example","kind":"workspace"}""");

        status.ShouldBe(HttpStatusCode.Created);
        json.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["email", "baseUrl", "tokenUrl", "accessToken", "refreshToken", "clientId", "clientSecret", "kind"]);
        json.GetProperty("email").GetString().ShouldBe("ops@corp.example");
        json.GetProperty("kind").GetString().ShouldBe("workspace");
        json.GetProperty("baseUrl").GetString().ShouldBe(session.Sandbox.BaseAddress.ToString());
        json.GetProperty("tokenUrl").GetString().ShouldBe(session.Sandbox.TokenEndpoint.ToString());
        using var http = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("accessToken").GetString());
        using var profile = await http.GetAsync("gmail/v1/users/me/profile", TestContext.Current.CancellationToken);
        profile.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = json.GetProperty("refreshToken").GetString()!,
            ["client_id"] = json.GetProperty("clientId").GetString()!,
            ["client_secret"] = json.GetProperty("clientSecret").GetString()!,
        });
        using var refresh = await http.PostAsync(json.GetProperty("tokenUrl").GetString(), form, TestContext.Current.CancellationToken);
        refresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        session.Sandbox.AddMailbox("ops@corp.example").Kind.ShouldBe(SandboxAccountKind.Workspace);
    }

    [Fact]
    public async Task CreateMailbox_ExistingAddressInOtherCase_Returns409()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await PostAsync(session, """{"email":"SAM@acme.example"}""");

        status.ShouldBe(HttpStatusCode.Conflict);
        json.GetProperty("error").GetString()!.ShouldContain(SandboxSession.Email);
    }

    [Theory]
    [InlineData("""{"email":"not-an-address"}""", "\"email\"")]
    [InlineData("""{"email":"Sam <sam@acme.example>"}""", "\"email\"")]
    [InlineData("""{"email":""}""", "\"email\"")]
    [InlineData("""{"kind":"enterprise"}""", "\"kind\"")]
    [InlineData("""{"scopes":["gmail.everything"]}""", "\"scopes\"")]
    [InlineData("""{"email":""", "JSON")]
    public async Task CreateMailbox_InvalidBody_Returns400NamingTheField(string body, string named)
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await PostAsync(session, body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("error").GetString()!.ShouldContain(named);
    }

    [Fact]
    public async Task CreateMailbox_NoEmail_PicksFreshSandboxAddresses()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.AddMailbox("sandbox-2@sandbox.example");
        using var anonymous = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };

        var (firstStatus, first) = await PostAsync(session, "{}");
        using var noBody = await anonymous.PostAsync("sandbox/mailboxes", content: null, TestContext.Current.CancellationToken);
        using var second = JsonDocument.Parse(await noBody.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        firstStatus.ShouldBe(HttpStatusCode.Created);
        first.GetProperty("email").GetString().ShouldBe("sandbox-3@sandbox.example");
        first.GetProperty("kind").GetString().ShouldBe("gmail");
        noBody.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.RootElement.GetProperty("email").GetString().ShouldBe("sandbox-4@sandbox.example");
    }

    [Fact]
    public async Task CreateMailbox_ManyAtOnce_EachGetsItsOwnAddress()
    {
        await using var session = await SandboxSession.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(session, "{}")));

        results.ShouldAllBe(r => r.Status == HttpStatusCode.Created);
        results.Select(r => r.Json.GetProperty("email").GetString()).Distinct().Count().ShouldBe(8);
    }

    [Fact]
    public async Task OAuthClient_Get_ReturnsInstalledAppClientAndEndpoints()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync("sandbox/oauth-client");

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("clientId").GetString().ShouldBe("nudge-sandbox.apps.googleusercontent.com");
        json.GetProperty("clientSecret").GetString().ShouldBe(GmailSandboxOptions.DefaultOAuthClientSecret);
        json.GetProperty("authUri").GetString().ShouldBe(session.Sandbox.AuthorizationEndpoint.ToString());
        json.GetProperty("tokenUri").GetString().ShouldBe(session.Sandbox.TokenEndpoint.ToString());
        session.Sandbox.OAuthClientId.ShouldBe(GmailSandboxOptions.DefaultOAuthClientId);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(SandboxSession session, string body)
    {
        using var anonymous = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await anonymous.PostAsync("sandbox/mailboxes", content, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, json.RootElement.Clone());
    }
}
