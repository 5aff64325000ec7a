using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Nudge.Core.Abstractions;
using Nudge.Gmail;
using Nudge.Gmail.Auth;
using Nudge.IntegrationTests.Sandbox;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The mailboxes page against the real Gmail sandbox over loopback HTTP (<c>nudge serve --sandbox URL</c>): a sandbox
/// mailbox in one click, and the browser's OAuth flow through the sandbox's consent page played over HTTP (allow, deny,
/// another account chosen, a paused mailbox signed in again). Each saved mailbox is read back through the engine's own
/// client, with its credential decrypted by the installation's key.
/// </summary>
public sealed class DashboardSandboxMailboxesTests : IAsyncLifetime
{
    private GmailSandbox _sandbox = null!;
    private DashboardServer _server = null!;
    private DashboardClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        _server = await DashboardServer.StartAsync(_sandbox.BaseAddress);
        _client = await _server.SetUpAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task AddSandbox_OneClick_SavesAnEncryptedCredentialThatSends()
    {
        using var response = await _client.PostFormAsync("mailboxes?handler=AddSandbox",
            new() { ["email"] = "new@sandbox.example", ["kind"] = "workspace" }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        Uri.UnescapeDataString(response.Headers.Location!.OriginalString).ShouldBe("/mailboxes?done=Connected new@sandbox.example.");
        var mailbox = await SavedAsync("new@sandbox.example");
        mailbox.Kind.ShouldBe(MailboxKind.Sandbox);
        mailbox.Status.ShouldBe(MailboxStatus.Active);
        mailbox.AccessToken.ShouldBeEmpty();
        mailbox.ApiBaseUrl.ShouldBe(_sandbox.BaseAddress.ToString());
        mailbox.TokenUrl.ShouldBe(_sandbox.TokenEndpoint.ToString());
        var credential = MailboxCredential.Parse(_server.Protector.Unprotect(mailbox.CredentialCiphertext.ShouldNotBeNull()));
        credential.Type.ShouldBe(MailboxCredential.OAuthUserType);
        credential.RefreshToken.ShouldNotBeNullOrEmpty();
        mailbox.CredentialCiphertext.ShouldNotContain(credential.RefreshToken!);
        await ShouldSendAsync(mailbox);
        var page = WebUtility.HtmlDecode(await _client.GetStringAsync("mailboxes?done=Connected%20new%40sandbox.example."));
        page.ShouldContain("<p class=\"notice\" role=\"status\">Connected new@sandbox.example.</p>");
        page.ShouldNotContain(credential.RefreshToken!);
        page.ShouldNotContain(credential.ClientSecret!);
    }

    [Fact]
    public async Task AddSandbox_NoAddress_TheSandboxPicksOne()
    {
        using var response = await _client.PostFormAsync("mailboxes?handler=AddSandbox", new() { ["email"] = "", ["kind"] = "gmail" }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var picked = (await _server.Store.ListMailboxesAsync(Ct)).Where(m => m.Email.StartsWith("sandbox-", StringComparison.Ordinal)).ShouldHaveSingleItem();
        picked.Email.ShouldEndWith("@sandbox.example");
        await ShouldSendAsync(picked);
    }

    [Fact]
    public async Task AddSandbox_AddressTheSandboxHas_Is400SayingSo()
    {
        _sandbox.AddMailbox("taken@sandbox.example");

        using var response = await _client.PostFormAsync("mailboxes?handler=AddSandbox",
            new() { ["email"] = "taken@sandbox.example", ["kind"] = "gmail" }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("The sandbox already has a mailbox taken@sandbox.example");
        (await _server.Store.ListMailboxesAsync(Ct)).ShouldNotContain(m => m.Email == "taken@sandbox.example");
    }

    [Fact]
    public async Task ConnectSandbox_AllowOnTheConsentPage_SavesTheMailboxAndGoesBackToTheList()
    {
        _sandbox.AddMailbox("pat@sandbox.example");

        var (callback, response) = await SignInAsync("pat@sandbox.example", "allow", "pat@sandbox.example");

        callback.ShouldContain("code=");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("Connected pat@sandbox.example.");
        html.ShouldContain("<meta http-equiv=\"refresh\" content=\"0; url=/mailboxes?done=Connected%20pat%40sandbox.example.\">");
        var mailbox = await SavedAsync("pat@sandbox.example");
        mailbox.Kind.ShouldBe(MailboxKind.Sandbox);
        mailbox.TokenUrl.ShouldBe(_sandbox.TokenEndpoint.ToString());
        var credential = MailboxCredential.Parse(_server.Protector.Unprotect(mailbox.CredentialCiphertext.ShouldNotBeNull()));
        credential.ClientId.ShouldBe(GmailSandboxOptions.DefaultOAuthClientId);
        credential.RefreshToken.ShouldNotBeNullOrEmpty();
        await ShouldSendAsync(mailbox);
    }

    [Fact]
    public async Task ConnectSandbox_AnotherAccountChosen_IsRefusedAndSavesNothing()
    {
        _sandbox.AddMailbox("pat@sandbox.example");
        _sandbox.AddMailbox("lee@sandbox.example");

        var (_, response) = await SignInAsync("pat@sandbox.example", "allow", "lee@sandbox.example");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct))
            .ShouldContain("You signed in as lee@sandbox.example, not pat@sandbox.example, so nothing was saved.");
        (await _server.Store.ListMailboxesAsync(Ct)).ShouldNotContain(m => m.Email.EndsWith("@sandbox.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectSandbox_Deny_SaysAccessWasDeniedAndSavesNothing()
    {
        _sandbox.AddMailbox("pat@sandbox.example");

        var (callback, response) = await SignInAsync("pat@sandbox.example", "deny", null);

        callback.ShouldContain("error=access_denied");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Access was denied on the consent page");
        (await _server.Store.ListMailboxesAsync(Ct)).ShouldNotContain(m => m.Email == "pat@sandbox.example");
    }

    [Fact]
    public async Task ConnectSandbox_PausedInvalidGrantMailbox_TakesTheNewCredentialAndIsActiveAgain()
    {
        using (var added = await _client.PostFormAsync("mailboxes?handler=AddSandbox", new() { ["email"] = "pat@sandbox.example", ["kind"] = "gmail" }, "mailboxes"))
        {
            added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var before = await SavedAsync("pat@sandbox.example");
        await _server.Store.SetMailboxQuotaAsync(before.Id, Core.Quota.GmailQuotaRegime.Legacy, 123, Ct);
        await _server.Store.PauseMailboxAsync(before.Id, "invalid_grant: sign in again", _server.Time.GetUtcNow(), Ct);

        var (_, response) = await SignInAsync("pat@sandbox.example", "allow", "pat@sandbox.example");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await SavedAsync("pat@sandbox.example");
        after.Id.ShouldBe(before.Id);
        after.Status.ShouldBe(MailboxStatus.Active);
        after.PausedReason.ShouldBeNull();
        after.CredentialCiphertext.ShouldNotBe(before.CredentialCiphertext);
        after.DailyLimitOverride.ShouldBe(123);
        MailboxCredential.Parse(_server.Protector.Unprotect(after.CredentialCiphertext!)).ClientId.ShouldBe(GmailSandboxOptions.DefaultOAuthClientId);
        await ShouldSendAsync(after);
    }

    [Fact]
    public async Task ConnectSandbox_CodeUsedTwice_SecondCallbackIsRefused()
    {
        _sandbox.AddMailbox("pat@sandbox.example");
        var (callback, first) = await SignInAsync("pat@sandbox.example", "allow", "pat@sandbox.example");
        first.Dispose();

        using var second = await _client.GetAsync("mailboxes/oauth/callback?" + callback);

        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync(Ct)).ShouldContain("already used");
    }

    /// <summary>
    /// Plays the browser: posts the page's sandbox sign-in form, follows the redirect to the consent page, presses a
    /// button there, and follows the redirect back to the callback with the dashboard's cookies.
    /// </summary>
    private async Task<(string CallbackQuery, HttpResponseMessage Response)> SignInAsync(string email, string decision, string? account)
    {
        using var start = await _client.PostFormAsync("mailboxes?handler=ConnectSandbox", new() { ["email"] = email }, "mailboxes");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect, await start.Content.ReadAsStringAsync(Ct));
        var authorization = start.Headers.Location.ShouldNotBeNull();
        authorization.GetLeftPart(UriPartial.Path).ShouldBe(_sandbox.AuthorizationEndpoint.ToString());
        var request = QueryHelpers.ParseQuery(authorization.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        request["client_id"].ShouldBe(GmailSandboxOptions.DefaultOAuthClientId);
        request["login_hint"].ShouldBe(email);

        using var consent = new ConsentBrowser(_sandbox.BaseAddress);
        using (var page = await consent.OpenAsync(request))
        {
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var decided = await consent.DecideAsync(request, decision, account);
        decided.StatusCode.ShouldBe(HttpStatusCode.Found);
        var back = decided.Headers.Location.ShouldNotBeNull();
        back.GetLeftPart(UriPartial.Path).ShouldBe(new Uri(_server.BaseAddress, "mailboxes/oauth/callback").ToString());
        var query = back.Query.TrimStart('?');
        return (query, await _client.GetAsync("mailboxes/oauth/callback?" + query));
    }

    private async Task<Mailbox> SavedAsync(string email) =>
        (await _server.Store.ListMailboxesAsync(Ct)).Where(m => m.Email == email).ShouldHaveSingleItem();

    /// <summary>The worker's path: the credential decrypted and refreshed by MailboxTokenProviders, then a profile read and a send.</summary>
    private async Task ShouldSendAsync(Mailbox mailbox)
    {
        using var factory = new GmailClientFactory(new MailboxTokenProviders(_server.Protector, _server.Store, _server.Time), _server.Time);
        var gmail = factory.Create(mailbox);
        (await gmail.GetProfileAsync(Ct)).EmailAddress.ShouldBe(mailbox.Email);
        var raw = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"From: {mailbox.Email}\r\nTo: ann@globex.example\r\nSubject: Hello\r\nMessage-ID: <hello@nudge.test>\r\n\r\nHi Ann\r\n"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        (await gmail.SendAsync(raw, null, Ct)).Id.ShouldNotBeNullOrEmpty();
    }
}
