using System.Net;
using System.Net.Http.Headers;
using System.Web;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>
/// Google's own .NET client library, pointed at the sandbox, accepts its authorization URL, token and refresh answers:
/// proof that the emulated endpoints speak the wire format real clients expect, not only our tests' reading of it.
/// </summary>
public sealed class SandboxGoogleAuthFlowTests
{
    [Fact]
    public async Task PkceGoogleAuthorizationCodeFlow_AgainstSandbox_ExchangesCodeAndRefreshes()
    {
        await using var session = await SandboxSession.StartAsync();
        var flow = new PkceGoogleAuthorizationCodeFlow(new SandboxInitializer(session.Sandbox)
        {
            ClientSecrets = new ClientSecrets { ClientId = session.Sandbox.OAuthClientId, ClientSecret = session.Sandbox.OAuthClientSecret },
            Scopes = [SandboxScopes.Readonly],
        });
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);

        // The library builds the authorization URL (client_id, redirect_uri, scope, PKCE S256, access_type=offline).
        var url = flow.CreateAuthorizationCodeRequest(ConsentBrowser.RedirectUri, out var verifier).Build();
        url.GetLeftPart(UriPartial.Path).ShouldBe(session.Sandbox.AuthorizationEndpoint.ToString());
        var parameters = HttpUtility.ParseQueryString(url.Query);
        var request = parameters.AllKeys.OfType<string>().ToDictionary(k => k, k => parameters[k]!);
        request["code_challenge_method"].ShouldBe("S256");
        using (var page = await browser.OpenAsync(request))
        {
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var code = (await browser.AllowAsync(request, SandboxSession.Email))["code"]!;
        var token = await flow.ExchangeCodeForTokenAsync("sam", code, verifier, ConsentBrowser.RedirectUri, TestContext.Current.CancellationToken);
        var credential = new UserCredential(flow, "sam", token);
        var first = token.AccessToken;
        var refreshed = await credential.RefreshTokenAsync(TestContext.Current.CancellationToken);

        token.RefreshToken.ShouldStartWith("1//");
        token.Scope.ShouldBe(SandboxScopes.Readonly);
        token.ExpiresInSeconds.ShouldBe(3599);
        refreshed.ShouldBeTrue();
        credential.Token.AccessToken.ShouldNotBe(first);
        credential.Token.RefreshToken.ShouldBe(token.RefreshToken);
        using var http = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(null, TestContext.Current.CancellationToken));
        using var profile = await http.GetAsync("gmail/v1/users/me/profile", TestContext.Current.CancellationToken);
        profile.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GoogleAuthorizationCodeFlow_ReusedCode_ThrowsTokenResponseExceptionWithInvalidGrant()
    {
        await using var session = await SandboxSession.StartAsync();
        var flow = new GoogleAuthorizationCodeFlow(new SandboxInitializer(session.Sandbox)
        {
            ClientSecrets = new ClientSecrets { ClientId = session.Sandbox.OAuthClientId, ClientSecret = session.Sandbox.OAuthClientSecret },
            Scopes = [SandboxScopes.Send],
        });
        using var browser = new ConsentBrowser(session.Sandbox.BaseAddress);
        var parameters = HttpUtility.ParseQueryString(flow.CreateAuthorizationCodeRequest(ConsentBrowser.RedirectUri).Build().Query);
        var request = parameters.AllKeys.OfType<string>().ToDictionary(k => k, k => parameters[k]!);
        var code = (await browser.AllowAsync(request, SandboxSession.Email))["code"]!;

        await flow.ExchangeCodeForTokenAsync("sam", code, ConsentBrowser.RedirectUri, TestContext.Current.CancellationToken);
        var error = await Should.ThrowAsync<Google.Apis.Auth.OAuth2.Responses.TokenResponseException>(
            () => flow.ExchangeCodeForTokenAsync("sam", code, ConsentBrowser.RedirectUri, TestContext.Current.CancellationToken));

        error.Error.Error.ShouldBe("invalid_grant");
        error.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>Google's initializer takes other endpoints only through its protected constructor.</summary>
    private sealed class SandboxInitializer(GmailSandbox sandbox) : GoogleAuthorizationCodeFlow.Initializer(
        sandbox.AuthorizationEndpoint.ToString(), sandbox.TokenEndpoint.ToString(), new Uri(sandbox.BaseAddress, "revoke").ToString());
}
