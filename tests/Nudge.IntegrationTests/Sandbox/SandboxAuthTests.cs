using System.Net;
using System.Net.Http.Headers;

namespace Nudge.IntegrationTests.Sandbox;

public sealed class SandboxAuthTests
{
    [Fact]
    public async Task Profile_InvalidToken_Returns401AuthErrorEnvelope()
    {
        await using var session = await SandboxSession.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile?prettyPrint=false");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ya29.not-a-token");

        using var response = await session.Http.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer realm=\"https://accounts.google.com/\"");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe(
            """{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.","errors":[{"message":"Invalid Credentials","domain":"global","reason":"authError","location":"Authorization","locationType":"header"}],"status":"UNAUTHENTICATED"}}""");
    }

    [Fact]
    public async Task Send_NoAuthorizationHeader_Returns401CredentialsMissing()
    {
        await using var session = await SandboxSession.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = session.Sandbox.BaseAddress };
        using var content = new StringContent("{}");

        using var response = await anonymous.PostAsync("gmail/v1/users/me/messages/send?prettyPrint=false", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        body.ShouldContain("\"status\":\"UNAUTHENTICATED\"");
        body.ShouldContain("\"reason\":\"CREDENTIALS_MISSING\"");
        body.ShouldContain("caribou.api.proto.MailboxService.SendMessage");
    }

    [Fact]
    public async Task Profile_OwnEmailAsUserId_Succeeds()
    {
        await using var session = await SandboxSession.StartAsync();

        var (status, json) = await session.GetAsync($"gmail/v1/users/{SandboxSession.Email}/profile");

        status.ShouldBe(HttpStatusCode.OK);
        json.GetProperty("emailAddress").GetString().ShouldBe(SandboxSession.Email);
    }

    [Fact]
    public async Task Profile_OtherUserId_Returns403DelegationDenied()
    {
        await using var session = await SandboxSession.StartAsync();
        session.Sandbox.AddMailbox("other@acme.example");

        var (status, json) = await session.GetAsync("gmail/v1/users/other@acme.example/profile");

        status.ShouldBe(HttpStatusCode.Forbidden);
        json.GetProperty("error").GetProperty("message").GetString().ShouldBe("Delegation denied for other@acme.example");
        json.GetProperty("error").GetProperty("errors")[0].GetProperty("reason").GetString().ShouldBe("forbidden");
        json.GetProperty("error").GetProperty("status").GetString().ShouldBe("PERMISSION_DENIED");
    }

    [Fact]
    public async Task AddMailbox_SameEmailTwice_ReturnsSameToken()
    {
        await using var session = await SandboxSession.StartAsync();

        session.Sandbox.AddMailbox(SandboxSession.Email.ToUpperInvariant()).AccessToken.ShouldBe(session.Mailbox.AccessToken);
    }
}
