using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Nudge.Core.Abstractions;
using Nudge.Core.Quota;
using Nudge.Web.Dashboard;
using Nudge.Web.Dashboard.Mailboxes;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The mailboxes page over real HTTP without a sandbox: the list, resume, quota settings with errors by field, the
/// start of Google's sign-in (PKCE, the binding cookie, the policy that lets the form go to Google) and a callback that
/// saves nothing unless the state and the cookie match.
/// </summary>
public sealed class DashboardMailboxesTests : SignedInDashboardTests
{
    private const string Mailbox = CliWorkspace.MailboxEmail;
    private const string InvalidGrant = "invalid_grant: sign in again with nudge mailbox add";

    [Fact]
    public async Task Get_PausedMailbox_ListsItsKindStatusReasonSendsAndQuota()
    {
        var mailbox = await MailboxAsync();
        await Server.Store.PauseMailboxAsync(mailbox.Id, InvalidGrant, Server.Time.GetUtcNow(), Ct);

        var html = WebUtility.HtmlDecode(await Client.GetStringAsync("mailboxes"));

        html.ShouldContain("<h1>Mailboxes</h1>");
        html.ShouldContain($"<tr id=\"mailbox-{mailbox.Id}\">");
        html.ShouldContain($"<td class=\"mono\">{Mailbox}</td>");
        html.ShouldContain("<td>sandbox</td>");
        html.ShouldContain("<span class=\"state state-paused\">paused</span>");
        html.ShouldContain($"<span class=\"why\">{InvalidGrant}</span>");
        html.ShouldContain("<td class=\"num\">0 / 500</td>");
        html.ShouldContain("<td class=\"num\">0 / 450</td>");
        html.ShouldContain("6,000 a min</td>");
        html.ShouldContain($"action=\"/mailboxes?id={mailbox.Id}&handler=Resume\"");
        html.ShouldNotContain("not built yet");
        html.ShouldContain("<a href=\"/mailboxes\" aria-current=\"page\">Mailboxes</a>");
    }

    [Fact]
    public async Task Resume_PausedMailbox_IsActiveAgain()
    {
        var mailbox = await MailboxAsync();
        await Server.Store.PauseMailboxAsync(mailbox.Id, InvalidGrant, Server.Time.GetUtcNow(), Ct);

        using var response = await Client.PostFormAsync($"mailboxes?handler=Resume&id={mailbox.Id}", [], "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Uri.UnescapeDataString(response.Headers.Location!.OriginalString).ShouldContain($"Resumed {Mailbox}");
        var resumed = (await Server.Store.GetMailboxAsync(mailbox.Id, Ct)).ShouldNotBeNull();
        resumed.Status.ShouldBe(MailboxStatus.Active);
        resumed.PausedReason.ShouldBeNull();
    }

    [Fact]
    public async Task Resume_WithoutAntiforgeryToken_Is400AndStaysPaused()
    {
        var mailbox = await MailboxAsync();
        await Server.Store.PauseMailboxAsync(mailbox.Id, InvalidGrant, Server.Time.GetUtcNow(), Ct);
        await Client.GetStringAsync("mailboxes");

        using var response = await Client.PostFormWithoutTokenAsync($"mailboxes?handler=Resume&id={mailbox.Id}", []);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.Store.GetMailboxAsync(mailbox.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(MailboxStatus.Paused);
    }

    [Fact]
    public async Task Quota_LegacyAndLimit_AreSaved()
    {
        var mailbox = await MailboxAsync();

        using var response = await Client.PostFormAsync($"mailboxes?handler=Quota&id={mailbox.Id}",
            new() { ["regime"] = "legacy", ["dailyLimit"] = "300" }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Uri.UnescapeDataString(response.Headers.Location!.OriginalString).ShouldContain("quota regime legacy, daily limit 300");
        var saved = (await Server.Store.GetMailboxAsync(mailbox.Id, Ct)).ShouldNotBeNull();
        saved.QuotaRegime.ShouldBe(GmailQuotaRegime.Legacy);
        saved.DailyLimitOverride.ShouldBe(300);
    }

    [Fact]
    public async Task Quota_EmptyLimit_GoesBackToTheKindsDefault()
    {
        var mailbox = await MailboxAsync();
        await Server.Store.SetMailboxQuotaAsync(mailbox.Id, GmailQuotaRegime.Legacy, 100, Ct);

        using var response = await Client.PostFormAsync($"mailboxes?handler=Quota&id={mailbox.Id}",
            new() { ["regime"] = "2026", ["dailyLimit"] = "" }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = (await Server.Store.GetMailboxAsync(mailbox.Id, Ct)).ShouldNotBeNull();
        saved.QuotaRegime.ShouldBe(GmailQuotaRegime.May2026);
        saved.DailyLimitOverride.ShouldBeNull();
        saved.DailySendLimit.ShouldBe(500);
    }

    [Theory]
    [InlineData("2026", "lots", "Daily limit: 'lots' is not a number from 1 to 10000")]
    [InlineData("2026", "0", "Daily limit: '0' is not a number from 1 to 10000")]
    [InlineData("2019", "100", "Quota regime: '2019' is not 2026 or legacy.")]
    public async Task Quota_InvalidField_Is400NamingTheFieldAndChangesNothing(string regime, string limit, string error)
    {
        var mailbox = await MailboxAsync();

        using var response = await Client.PostFormAsync($"mailboxes?handler=Quota&id={mailbox.Id}",
            new() { ["regime"] = regime, ["dailyLimit"] = limit }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain($"<p class=\"error\" role=\"alert\">{error}");
        html.ShouldContain("aria-invalid=\"true\"");
        var unchanged = (await Server.Store.GetMailboxAsync(mailbox.Id, Ct)).ShouldNotBeNull();
        unchanged.QuotaRegime.ShouldBe(GmailQuotaRegime.May2026);
        unchanged.DailyLimitOverride.ShouldBeNull();
    }

    [Fact]
    public async Task Connect_NoClient_Is400NamingTheClientFields()
    {
        using var response = await Client.PostFormAsync("mailboxes?handler=Connect", new() { ["email"] = "sam@gmail.com" }, "mailboxes");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("Client id: upload the OAuth client's credentials.json, or give its id and secret.");
        html.ShouldContain("Client secret: give the OAuth client's secret with its id.");
        html.ShouldContain("value=\"sam@gmail.com\"");
    }

    [Fact]
    public async Task Connect_BadAddressAndCredentialsFile_Is400NamingBoth()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("not an address"), "email" },
            { new StringContent("""{"type": "service_account", "client_email": "x@y.iam.gserviceaccount.com"}"""), "credentialsFile", "credentials.json" },
            { new StringContent(await Client.GetTokenAsync("mailboxes")), "__RequestVerificationToken" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "mailboxes?handler=Connect") { Content = form };

        using var response = await Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("Address: 'not an address' is not an email address.");
        html.ShouldContain("credentials.json: it is not the credentials.json of an OAuth client");
        (await Server.Store.ListMailboxesAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Connect_DesktopCredentialsFile_RedirectsToGoogleWithPkceAndBindsTheBrowser()
    {
        using var response = await ConnectWithFileAsync("sam@gmail.com");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location.ShouldNotBeNull();
        location.GetLeftPart(UriPartial.Path).ShouldBe(OAuthEndpoints.GoogleAuthorizationUrl);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["client_id"].ToString().ShouldBe("1234-desktop.apps.googleusercontent.com");
        query["redirect_uri"].ToString().ShouldBe(new Uri(Server.BaseAddress, "mailboxes/oauth/callback").ToString());
        query["response_type"].ToString().ShouldBe("code");
        query["scope"].ToString().ShouldBe("https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly");
        query["code_challenge_method"].ToString().ShouldBe("S256");
        query["code_challenge"].ToString().Length.ShouldBe(43);
        query["access_type"].ToString().ShouldBe("offline");
        query["prompt"].ToString().ShouldBe("consent");
        query["login_hint"].ToString().ShouldBe("sam@gmail.com");
        var state = query["state"].ToString();
        state.Length.ShouldBe(43);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("nudge.oauth=", StringComparison.Ordinal));
        cookie.ShouldContain(OAuthFlowStore.StateHash(state));
        cookie.ShouldNotContain(state);
        cookie.ShouldContain("path=/mailboxes/oauth/callback");
        cookie.ShouldContain("samesite=lax");
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("max-age=600");
        response.Headers.Location!.ToString().ShouldNotContain("GOCSPX");
    }

    [Fact]
    public async Task Callback_UnknownState_Is400AndSavesNothing()
    {
        using var started = await ConnectWithFileAsync("sam@gmail.com");

        using var response = await Client.GetAsync("mailboxes/oauth/callback?state=forged&code=anything");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("This sign-in is unknown, has expired");
        (await Server.Store.ListMailboxesAsync(Ct)).ShouldHaveSingleItem().Email.ShouldBe(Mailbox);
    }

    [Fact]
    public async Task Callback_AnotherBrowserWithoutTheCookie_Is400AndTheStateIsSpent()
    {
        using var started = await ConnectWithFileAsync("sam@gmail.com");
        var state = StateOf(started);
        using var other = Server.CreateClient();

        using var response = await other.GetAsync($"mailboxes/oauth/callback?state={state}&code=anything");
        using var again = await Client.GetAsync($"mailboxes/oauth/callback?state={state}&error=access_denied");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("started in another browser");
        // The right browser cannot use it any more either: a state is spent by its first callback.
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync(Ct)).ShouldContain("This sign-in is unknown");
        (await Server.Store.ListMailboxesAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Callback_AccessDenied_SaysAccessWasDenied()
    {
        using var started = await ConnectWithFileAsync("sam@gmail.com");

        using var response = await Client.GetAsync($"mailboxes/oauth/callback?state={StateOf(started)}&error=access_denied");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("Access was denied on the consent page, so sam@gmail.com was not connected.");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("nudge.oauth=;", StringComparison.Ordinal));
        (await Server.Store.ListMailboxesAsync(Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Callback_After10Minutes_IsRefused()
    {
        using var started = await ConnectWithFileAsync("sam@gmail.com");
        Server.Time.Advance(OAuthFlowStore.Lifetime + TimeSpan.FromSeconds(1));

        using var response = await Client.GetAsync($"mailboxes/oauth/callback?state={StateOf(started)}&error=access_denied");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("has expired (after 10 minutes)");
    }

    [Fact]
    public async Task Page_WithoutSandbox_OffersGoogleOnlyAndItsPolicyLetsTheFormGoToGoogle()
    {
        using var response = await Client.GetAsync("mailboxes");
        var html = await response.Content.ReadAsStringAsync(Ct);

        // Chromium checks the redirect of a form's POST against the form-action of the page that sent it.
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(
            SecurityHeaders.ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' https://accounts.google.com", StringComparison.Ordinal));

        html.ShouldContain("Sign in with Google");
        html.ShouldNotContain("Add a sandbox mailbox");
        html.ShouldContain(new Uri(Server.BaseAddress, "mailboxes/oauth/callback").ToString());
    }

    private async Task<Mailbox> MailboxAsync() => (await Server.Store.ListMailboxesAsync(Ct)).Single(m => m.Email == Mailbox);

    private async Task<HttpResponseMessage> ConnectWithFileAsync(string email)
    {
        const string credentials = """
            {"installed": {"client_id": "1234-desktop.apps.googleusercontent.com", "project_id": "nudge-test",
             "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
             "client_secret": "GOCSPX-desktop-secret", "redirect_uris": ["http://localhost"]}}
            """;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(email), "email" },
            { new StringContent(credentials), "credentialsFile", "credentials.json" },
            { new StringContent(await Client.GetTokenAsync("mailboxes")), "__RequestVerificationToken" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "mailboxes?handler=Connect") { Content = form };
        return await Client.SendAsync(request);
    }

    private static string StateOf(HttpResponseMessage started) =>
        QueryHelpers.ParseQuery(started.Headers.Location.ShouldNotBeNull().Query)["state"].ToString();
}
