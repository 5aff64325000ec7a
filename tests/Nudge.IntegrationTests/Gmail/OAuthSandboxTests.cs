using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Abstractions;
using Nudge.Gmail;
using Nudge.Gmail.Auth;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Gmail;

/// <summary>
/// The refreshing OAuth provider (Google.Apis.Auth's UserCredential) against the sandbox's token endpoint, on one
/// simulated clock: refresh, refresh after expiry, and a revoked grant.
/// </summary>
public sealed class OAuthSandboxTests : IAsyncDisposable
{
    private const string Email = "pat@acme.example";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly TokenProtector _protector = TokenProtector.FromKey(RandomNumberGenerator.GetBytes(32));
    private GmailSandbox _sandbox = null!;
    private TestDatabase _db = null!;
    private IEngineStore _store = null!;
    private SandboxMailbox _credentials = null!;
    private GmailClientFactory _gmail = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAccessToken_FirstCall_RefreshesAtSandboxAndStoresTheTokenEncrypted()
    {
        var mailbox = await StartAsync();
        var providers = new MailboxTokenProviders(_protector, _store, _time);

        var token = await providers.For(mailbox).GetAccessTokenAsync(Ct);

        token.ShouldStartWith("ya29.");
        token.ShouldNotBe(_credentials.AccessToken);
        var stored = (await _store.GetMailboxAsync(mailbox.Id, Ct))!;
        stored.CredentialCiphertext.ShouldNotBe(mailbox.CredentialCiphertext);
        stored.CredentialCiphertext!.ShouldNotContain(token);
        var credential = MailboxCredential.Parse(_protector.Unprotect(stored.CredentialCiphertext!));
        credential.AccessToken.ShouldBe(token);
        credential.RefreshToken.ShouldBe(_credentials.RefreshToken);
        (await _gmail.Create(stored).GetProfileAsync(Ct)).EmailAddress.ShouldBe(Email);

        // Read back after the refresh, the mailbox keeps its provider: no second refresh.
        (await providers.For(stored).GetAccessTokenAsync(Ct)).ShouldBe(token);
    }

    [Fact]
    public async Task GetAccessToken_AfterTheTokenLifetime_RefreshesOnTheEngineClock()
    {
        var mailbox = await StartAsync();
        var provider = new MailboxTokenProviders(_protector, _store, _time).For(mailbox);
        var first = await provider.GetAccessTokenAsync(Ct);

        _time.Advance(TimeSpan.FromMinutes(50));
        (await provider.GetAccessTokenAsync(Ct)).ShouldBe(first, "still well within its hour");

        _time.Advance(TimeSpan.FromMinutes(10));
        var second = await provider.GetAccessTokenAsync(Ct);

        second.ShouldNotBe(first);
        (await ProfileStatusAsync(first)).ShouldBe(HttpStatusCode.Unauthorized);
        (await ProfileStatusAsync(second)).ShouldBe(HttpStatusCode.OK);
        var stored = (await _store.GetMailboxAsync(mailbox.Id, Ct))!;
        MailboxCredential.Parse(_protector.Unprotect(stored.CredentialCiphertext!)).AccessToken.ShouldBe(second);
    }

    [Fact]
    public async Task GetAccessToken_RevokedGrant_ThrowsMailboxAuthorizationExceptionSayingWhatToDoWithoutTokens()
    {
        var mailbox = await StartAsync();
        var provider = new MailboxTokenProviders(_protector, _store, _time).For(mailbox);
        var token = await provider.GetAccessTokenAsync(Ct);
        await RevokeAsync();
        _time.Advance(TimeSpan.FromHours(1));

        var error = await Should.ThrowAsync<MailboxAuthorizationException>(async () => await provider.GetAccessTokenAsync(Ct));

        error.Message.ShouldBe(
            "Google refused the saved sign-in for pat@acme.example (invalid_grant): sign in again with "
            + "`nudge mailbox add pat@acme.example --credentials credentials.json`. If your Google Cloud app's consent screen is in "
            + "Testing mode, refresh tokens expire after 7 days: publish the app to stop this.");
        error.IsTransient.ShouldBeFalse();
        error.Email.ShouldBe(Email);
        var text = error.ToString();
        foreach (var secret in new[] { token, _credentials.RefreshToken, _credentials.ClientSecret })
        {
            text.ShouldNotContain(secret);
        }

        // Google's flow deletes its copy on invalid_grant (GMAIL-FACTS §10.2); ours is still in the database.
        var stored = (await _store.GetMailboxAsync(mailbox.Id, Ct))!;
        MailboxCredential.Parse(_protector.Unprotect(stored.CredentialCiphertext!)).RefreshToken.ShouldBe(_credentials.RefreshToken);
    }

    [Fact]
    public async Task GmailClient_RevokedMailbox_FailsBeforeAnyRequestWithMailboxAuthorizationException()
    {
        var mailbox = await StartAsync();
        await RevokeAsync();

        var error = await Should.ThrowAsync<MailboxAuthorizationException>(() => _gmail.Create(mailbox).GetProfileAsync(Ct));

        error.Message.ShouldStartWith("Google refused the saved sign-in for pat@acme.example (invalid_grant)");
    }

    [Fact]
    public async Task GetAccessToken_WrongClientSecret_IsNotTransientAndNamesTheClient()
    {
        var mailbox = await StartAsync(clientSecret: "GOCSPX-wrong");

        var error = await Should.ThrowAsync<MailboxAuthorizationException>(
            async () => await new MailboxTokenProviders(_protector, _store, _time).For(mailbox).GetAccessTokenAsync(Ct));

        error.IsTransient.ShouldBeFalse();
        error.Message.ShouldContain("(invalid_client)");
    }

    [Fact]
    public async Task GetAccessToken_TokenEndpointDown_IsTransient()
    {
        var mailbox = await StartAsync();
        var unreachable = mailbox with { TokenUrl = "http://127.0.0.1:1/token" };

        var error = await Should.ThrowAsync<MailboxAuthorizationException>(
            async () => await new MailboxTokenProviders(_protector, _store, _time).For(unreachable).GetAccessTokenAsync(Ct));

        error.IsTransient.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        _gmail?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private async Task<Mailbox> StartAsync(string? clientSecret = null)
    {
        _sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions { TimeProvider = _time }, Ct);
        _credentials = _sandbox.AddMailbox(Email);
        _db = await TestDatabase.CreateAsync("sqlite", Ct);
        _store = await _db.OpenMigratedStoreAsync(Ct);
        _gmail = new GmailClientFactory(new MailboxTokenProviders(_protector, _store, _time));
        var credential = new MailboxCredential
        {
            Type = MailboxCredential.OAuthUserType,
            ClientId = _credentials.ClientId,
            ClientSecret = clientSecret ?? _credentials.ClientSecret,
            RefreshToken = _credentials.RefreshToken,
        };
        var id = await _store.UpsertMailboxAsync(
            new Mailbox(0, Email, "Pat", _sandbox.BaseAddress.ToString(), "", null, MailboxKind.Sandbox,
                CredentialCiphertext: _protector.Protect(credential.ToJson()), TokenUrl: new Uri(_sandbox.BaseAddress, "token").ToString()),
            Ct);
        return (await _store.GetMailboxAsync(id, Ct))!;
    }

    private async Task RevokeAsync()
    {
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        using var empty = new StringContent("");
        using var response = await http.PostAsync($"sandbox/mailboxes/{Email}/revoke", empty, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<HttpStatusCode> ProfileStatusAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "gmail/v1/users/me/profile");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
