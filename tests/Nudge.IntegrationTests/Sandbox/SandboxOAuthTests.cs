using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxOAuthTests
{
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Token_RefreshGrant_MintsBearerTokenThatWorks()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await RefreshAsync(session, session.Mailbox);

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("expires_in").GetInt32().ShouldBe(3599);
        json.GetProperty("token_type").GetString().ShouldBe("Bearer");
        json.GetProperty("scope").GetString().ShouldBe(SandboxScopes.FullAccess);
        var token = json.GetProperty("access_token").GetString()!;
        token.ShouldStartWith("ya29.");
        (await ProfileStatusAsync(session, token)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_MintedTokenAfterLifetime_Returns401AuthError()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, json) = await RefreshAsync(session, session.Mailbox);
        var token = json.GetProperty("access_token").GetString()!;

        session.Time.Advance(TimeSpan.FromMinutes(59));
        (await ProfileStatusAsync(session, token)).ShouldBe(HttpStatusCode.OK);
        session.Time.Advance(TimeSpan.FromMinutes(1));

        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await session.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var error = JsonDocument.Parse(body);
        error.RootElement.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("authError");

        // The mailbox's own token is the demo's and never expires.
        (await ProfileStatusAsync(session, session.Mailbox.AccessToken)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_RevokedRefreshToken_Returns400InvalidGrant()
    {
        await using var session = await SandboxSession.StartAsync();
        var (_, minted) = await RefreshAsync(session, session.Mailbox);
        using var empty = new StringContent("");

        using var revoke = await session.Http.PostAsync($"sandbox/mailboxes/{SandboxSession.Email}/revoke", empty, TestContext.Current.CancellationToken);
        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var response = await PostTokenAsync(session, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = session.Mailbox.RefreshToken,
            ["client_id"] = session.Mailbox.ClientId,
            ["client_secret"] = session.Mailbox.ClientSecret,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe("""{"error":"invalid_grant","error_description":"Token has been expired or revoked."}""");
        (await ProfileStatusAsync(session, minted.GetProperty("access_token").GetString()!)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_WrongClientSecret_Returns401InvalidClient()
    {
        await using var session = await SandboxSession.StartAsync();

        using var response = await PostTokenAsync(session, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = session.Mailbox.RefreshToken,
            ["client_id"] = session.Mailbox.ClientId,
            ["client_secret"] = "GOCSPX-wrong",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        json.RootElement.GetProperty("error").GetString().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task Token_NarrowerScope_MintsTokenWithThatScopeOnly()
    {
        await using var session = await SandboxSession.StartAsync();
        var both = session.Sandbox.AddMailbox("both@acme.example", SandboxAccountKind.Gmail, ["gmail.send", "gmail.readonly"]);

        var (status, json) = await RefreshAsync(session, both, scope: SandboxScopes.Readonly);
        using var wider = await PostTokenAsync(session, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = both.RefreshToken,
            ["client_id"] = both.ClientId,
            ["client_secret"] = both.ClientSecret,
            ["scope"] = SandboxScopes.Readonly + " " + SandboxScopes.Modify,
        });

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("scope").GetString().ShouldBe(SandboxScopes.Readonly);
        wider.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Send_ReadonlyToken_Returns403InsufficientPermissions()
    {
        await using var session = await SandboxSession.StartAsync();
        var reader = session.Sandbox.AddMailbox("reader@acme.example", SandboxAccountKind.Gmail, ["gmail.readonly"]);
        using var http = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reader.AccessToken);
        using var content = new StringContent(
            JsonSerializer.Serialize(new { raw = SandboxSession.ToRaw(SandboxSession.Compose("Hi", from: "reader@acme.example")) }),
            System.Text.Encoding.UTF8,
            "application/json");

        using var response = await http.PostAsync("gmail/v1/users/me/messages/send", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("error=\"insufficient_scope\"");
        Compact(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe(
            """{"error":{"code":403,"message":"Request had insufficient authentication scopes.","errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],"status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT","domain":"googleapis.com","metadata":{"service":"gmail.googleapis.com","method":"caribou.api.proto.MailboxService.SendMessage"}}]}}""");
        (await http.GetAsync("gmail/v1/users/me/messages", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_MetadataTokenWithQuery_Returns403Forbidden()
    {
        await using var session = await SandboxSession.StartAsync();
        var meta = session.Sandbox.AddMailbox("meta@acme.example", SandboxAccountKind.Workspace, [SandboxScopes.Metadata]);
        using var http = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", meta.AccessToken);

        using var search = await http.GetAsync("gmail/v1/users/me/messages?q=in:sent", TestContext.Current.CancellationToken);
        using var plain = await http.GetAsync("gmail/v1/users/me/messages", TestContext.Current.CancellationToken);
        using var full = await http.GetAsync("gmail/v1/users/me/messages/0123456789abcdef", TestContext.Current.CancellationToken);

        search.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await search.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Metadata scope does not support 'q' parameter");
        plain.StatusCode.ShouldBe(HttpStatusCode.OK);
        full.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await full.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Metadata scope doesn't allow format FULL");
    }

    [Fact]
    public async Task AddMailbox_WithStateFile_KeepsGrantAcrossRestarts()
    {
        var path = Path.Combine(Path.GetTempPath(), "nudge-sandbox-oauth-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            SandboxMailbox before;
            await using (var first = await SandboxSession.StartAsync(dataPath: path))
            {
                before = first.Sandbox.AddMailbox("ops@corp.example", SandboxAccountKind.Workspace, ["gmail.readonly"]);
            }

            await using var second = await SandboxSession.StartAsync(dataPath: path);
            var after = second.Sandbox.AddMailbox("ops@corp.example");

            after.ShouldBe(before);
            var (status, json) = await RefreshAsync(second, after);
            status.ShouldBe(HttpStatusCode.OK);
            json.GetProperty("scope").GetString().ShouldBe(SandboxScopes.Readonly);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AddMailbox_Workspace_ReturnsKindAndClientCredentials()
    {
        await using var session = await SandboxSession.StartAsync();

        var mailbox = session.Sandbox.AddMailbox("team@corp.example", SandboxAccountKind.Workspace);

        mailbox.Kind.ShouldBe(SandboxAccountKind.Workspace);
        mailbox.RefreshToken.ShouldStartWith("1//");
        mailbox.ClientId.ShouldEndWith(".apps.googleusercontent.com");
        mailbox.ClientSecret.ShouldStartWith("GOCSPX-");
        Should.Throw<ArgumentException>(() => session.Sandbox.AddMailbox("x@corp.example", SandboxAccountKind.Gmail, ["gmail.everything"]));
    }

    /// <summary>Re-serializes JSON compactly: the sandbox pretty-prints by default, as Google does.</summary>
    internal static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, CompactJson);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> RefreshAsync(SandboxSession session, SandboxMailbox mailbox, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = mailbox.RefreshToken,
            ["client_id"] = mailbox.ClientId,
            ["client_secret"] = mailbox.ClientSecret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var response = await PostTokenAsync(session, form);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static async Task<HttpResponseMessage> PostTokenAsync(SandboxSession session, Dictionary<string, string> form)
    {
        using var anonymous = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        using var content = new FormUrlEncodedContent(form);
        return await anonymous.PostAsync("token", content, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpStatusCode> ProfileStatusAsync(SandboxSession session, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await session.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
