using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxAuthorizationCodeTests
{
    private const string Kim = "kim@acme.example";

    [Fact]
    public async Task AuthorizationCode_FullFlowWithPkce_TokenReadsChosenMailboxAndRefreshes()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.AddMailbox(Kim);
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (verifier, challenge) = ConsentBrowser.NewPkce();
        var request = ConsentBrowser.Request(challenge, scope: "https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send", loginHint: Kim);

        using var page = await browser.OpenAsync(request);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var redirect = await browser.AllowAsync(request, Kim);
        using var exchange = await browser.TokenAsync(ConsentBrowser.Exchange(redirect["code"]!, verifier));
        var token = await JsonAsync(exchange);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain(SandboxSession.Email);
        html.ShouldContain($"value=\"{Kim}\" checked");
        html.ShouldContain("View your email messages and settings");
        redirect["state"].ShouldBe("xyz-state");
        redirect["code"]!.ShouldStartWith("4/");
        redirect["scope"].ShouldBe(SandboxScopes.Readonly + " " + SandboxScopes.Send);
        exchange.StatusCode.ShouldBe(HttpStatusCode.OK);
        token.GetProperty("token_type").GetString().ShouldBe("Bearer");
        token.GetProperty("expires_in").GetInt32().ShouldBe(3599);
        token.GetProperty("scope").GetString().ShouldBe(SandboxScopes.Readonly + " " + SandboxScopes.Send);
        var (status, profile) = await ProfileAsync(session, token.GetProperty("access_token").GetString()!);
        status.ShouldBe(HttpStatusCode.OK);
        profile.GetProperty("emailAddress").GetString().ShouldBe(Kim);

        // The refresh token works with the installed-app client, as Google's do for the client they were issued to.
        using var refresh = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = token.GetProperty("refresh_token").GetString()!,
            ["client_id"] = GmailSandboxOptions.DefaultOAuthClientId,
            ["client_secret"] = GmailSandboxOptions.DefaultOAuthClientSecret,
        });
        var refreshed = await JsonAsync(refresh);
        refresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        refreshed.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        (await ProfileAsync(session, refreshed.GetProperty("access_token").GetString()!)).Json.GetProperty("emailAddress").GetString().ShouldBe(Kim);
    }

    [Fact]
    public async Task Token_CodeUsedTwice_SecondUseReturns400InvalidGrant()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (verifier, challenge) = ConsentBrowser.NewPkce();
        var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;

        using var first = await browser.TokenAsync(ConsentBrowser.Exchange(code, verifier));
        using var second = await browser.TokenAsync(ConsentBrowser.Exchange(code, verifier));
        using var unknown = await browser.TokenAsync(ConsentBrowser.Exchange("4/0Anever-issued", verifier));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"error":"invalid_grant","error_description":"Bad Request"}""");
        (await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"error":"invalid_grant","error_description":"Malformed auth code."}""");
    }

    [Fact]
    public async Task Token_WrongCodeVerifier_Returns400InvalidGrant()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (_, challenge) = ConsentBrowser.NewPkce();
        var (otherVerifier, _) = ConsentBrowser.NewPkce();
        var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;

        using var response = await browser.TokenAsync(ConsentBrowser.Exchange(code, otherVerifier));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe("""{"error":"invalid_grant","error_description":"Invalid code verifier."}""");
    }

    [Fact]
    public async Task Token_CodeOlderThanTenMinutes_Returns400InvalidGrant()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (verifier, challenge) = ConsentBrowser.NewPkce();
        var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;

        session.Time.Advance(TimeSpan.FromMinutes(10));
        using var response = await browser.TokenAsync(ConsentBrowser.Exchange(code, verifier));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("error").GetString().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task Token_OtherRedirectUri_Returns400RedirectUriMismatch()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (verifier, challenge) = ConsentBrowser.NewPkce();
        var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;

        using var response = await browser.TokenAsync(ConsentBrowser.Exchange(code, verifier, redirectUri: "http://127.0.0.1:9/other"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("error").GetString().ShouldBe("redirect_uri_mismatch");
    }

    [Fact]
    public async Task Token_WrongSecretInBasicHeader_Returns401InvalidClient()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (verifier, challenge) = ConsentBrowser.NewPkce();
        var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;
        var form = ConsentBrowser.Exchange(code, verifier);
        form.Remove("client_id");
        form.Remove("client_secret");
        using var anonymous = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        using var content = new FormUrlEncodedContent(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(GmailSandboxOptions.DefaultOAuthClientId + ":GOCSPX-wrong")));

        using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe("""{"error":"invalid_client","error_description":"Unauthorized"}""");
    }

    [Theory]
    [InlineData("https://evil.example/callback")]
    [InlineData("http://evil.example:8080/callback")]
    [InlineData("http://127.0.0.1.evil.example:8080/callback")]
    public async Task Authorize_NonLoopbackRedirectUri_ShowsErrorPageWithoutRedirect(string redirectUri)
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var request = ConsentBrowser.Request(ConsentBrowser.NewPkce().Challenge);
        request["redirect_uri"] = redirectUri;

        using var page = await browser.OpenAsync(request);
        using var post = await browser.DecideAsync(request, "allow", SandboxSession.Email);

        foreach (var response in new[] { page, post })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            response.Headers.Location.ShouldBeNull();
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("redirect_uri_mismatch");
        }
    }

    [Fact]
    public async Task Authorize_UnknownClient_Shows401InvalidClientPage()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var request = ConsentBrowser.Request(ConsentBrowser.NewPkce().Challenge);
        request["client_id"] = "123-unknown.apps.googleusercontent.com";

        using var page = await browser.OpenAsync(request);

        page.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        page.Headers.Location.ShouldBeNull();
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html.ShouldContain("invalid_client");
        html.ShouldContain("The OAuth client was not found.");
    }

    [Fact]
    public async Task Approve_Deny_RedirectsWithAccessDeniedAndState()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var request = ConsentBrowser.Request(ConsentBrowser.NewPkce().Challenge, state: "keep me & me=too");

        using var response = await browser.DecideAsync(request, "deny", account: null);

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        var query = ConsentBrowser.RedirectQuery(response, ConsentBrowser.RedirectUri);
        query["error"].ShouldBe("access_denied");
        query["state"].ShouldBe("keep me & me=too");
        query["code"].ShouldBeNull();
    }

    [Theory]
    [InlineData("scope", "https://www.googleapis.com/auth/drive", "invalid_scope")]
    [InlineData("scope", "", "invalid_request")]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("code_challenge_method", "S512", "invalid_request")]
    public async Task Authorize_InvalidParameterAfterValidRedirect_RedirectsWithErrorAndState(string name, string value, string error)
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var request = ConsentBrowser.Request(ConsentBrowser.NewPkce().Challenge);
        request[name] = value;

        using var response = await browser.OpenAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        var query = ConsentBrowser.RedirectQuery(response, ConsentBrowser.RedirectUri);
        query["error"].ShouldBe(error);
        query["state"].ShouldBe("xyz-state");
    }

    [Fact]
    public async Task Authorize_HostileStateAndLoginHint_EchoedHtmlEncoded()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        const string State = "\"><script>alert(1)</script>";
        const string Hint = "<img src=x onerror=alert(1)>@acme.example";
        var request = ConsentBrowser.Request(ConsentBrowser.NewPkce().Challenge, state: State, loginHint: Hint);

        using var page = await browser.OpenAsync(request);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var redirect = await browser.AllowAsync(request, SandboxSession.Email);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
        redirect["state"].ShouldBe(State);
    }

    [Fact]
    public async Task Token_ConsentWithStateFile_RefreshTokenWorksAfterRestart()
    {
        var path = Path.Combine(Path.GetTempPath(), "nudge-sandbox-code-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string refreshToken;
            await using (var first = await SandboxSession.StartAsync(dataPath: path))
            {
                using var browser = new ConsentBrowser(first.Sandbox.BaseAddress);
                var (verifier, challenge) = ConsentBrowser.NewPkce();
                var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;
                using var exchange = await browser.TokenAsync(ConsentBrowser.Exchange(code, verifier));
                refreshToken = (await JsonAsync(exchange)).GetProperty("refresh_token").GetString()!;
            }

            await using var second = await SandboxSession.StartAsync(dataPath: path);
            using var again = new ConsentBrowser(second.Sandbox.BaseAddress);
            using var refresh = await again.TokenAsync(RefreshForm(refreshToken));

            refresh.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await ProfileAsync(second, (await JsonAsync(refresh)).GetProperty("access_token").GetString()!)).Status.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Revoke_AfterConsent_RefreshTokenReturns400InvalidGrant()
    {
        await using var session = await SandboxSession.StartAsync();
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var (verifier, challenge) = ConsentBrowser.NewPkce();
        var code = (await browser.AllowAsync(ConsentBrowser.Request(challenge), SandboxSession.Email))["code"]!;
        using var exchange = await browser.TokenAsync(ConsentBrowser.Exchange(code, verifier));
        var refreshToken = (await JsonAsync(exchange)).GetProperty("refresh_token").GetString()!;
        using var empty = new StringContent("");

        using var revoke = await session.Http.PostAsync($"sandbox/mailboxes/{SandboxSession.Email}/revoke", empty, TestContext.Current.CancellationToken);
        using var refresh = await browser.TokenAsync(RefreshForm(refreshToken));

        revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await JsonAsync(refresh)).GetProperty("error").GetString().ShouldBe("invalid_grant");
    }

    private static Dictionary<string, string> RefreshForm(string refreshToken) => new()
    {
        ["grant_type"] = "refresh_token",
        ["refresh_token"] = refreshToken,
        ["client_id"] = GmailSandboxOptions.DefaultOAuthClientId,
        ["client_secret"] = GmailSandboxOptions.DefaultOAuthClientSecret,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.Clone();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> ProfileAsync(SandboxSession session, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await session.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await JsonAsync(response));
    }
}
