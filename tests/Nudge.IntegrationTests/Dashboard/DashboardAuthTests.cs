using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Nudge.Core.Accounts;
using Nudge.Web.Dashboard;
using Nudge.Web.Pages;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>First-run setup, sign-in, the session cookie, login throttling and sign-out, over real HTTP.</summary>
public sealed class DashboardAuthTests : IAsyncLifetime
{
    private DashboardServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("leads")]
    [InlineData("login")]
    [InlineData("settings/api-keys")]
    public async Task AnyPage_NoAccountYet_RedirectsToSetup(string path)
    {
        using var client = _server.CreateClient();

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/setup");
    }

    [Fact]
    public async Task Setup_FirstPost_CreatesTheAdminHashedAndSignsIn()
    {
        using var client = await _server.SetUpAsync();

        var user = (await _server.Store.FindUserAsync(DashboardServer.AdminName, Ct)).ShouldNotBeNull();
        user.PasswordHash.ShouldNotContain(DashboardServer.AdminPassword);
        new PasswordHasher<UserAccount>().VerifyHashedPassword(user, user.PasswordHash, DashboardServer.AdminPassword)
            .ShouldBe(PasswordVerificationResult.Success);
        (await client.GetStringAsync("")).ShouldContain("Overview");
    }

    [Fact]
    public async Task Setup_AfterTheAccountExists_RedirectsToLoginAndCreatesNoOther()
    {
        using var admin = await _server.SetUpAsync();
        using var intruder = _server.CreateClient();

        using var get = await intruder.GetAsync("setup");
        using var post = await intruder.PostFormAsync("setup",
            new() { ["username"] = "mallory", ["password"] = "another long password", ["confirm"] = "another long password" }, tokenPage: "login");

        get.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        get.Headers.Location!.OriginalString.ShouldBe("/login");
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post.Headers.Location!.OriginalString.ShouldBe("/login");
        (await _server.Store.CountUsersAsync(Ct)).ShouldBe(1);
        (await _server.Store.FindUserAsync("mallory", Ct)).ShouldBeNull();
    }

    [Theory]
    [InlineData("admin", "eleven char", "eleven char", "at least 12 characters")]
    [InlineData("admin", "twelve chars", "twelve charz", "The two passwords differ.")]
    [InlineData("ad min", "twelve chars", "twelve chars", "The username must be")]
    public async Task Setup_InvalidForm_IsRefusedWithTheReason(string username, string password, string confirm, string error)
    {
        using var client = _server.CreateClient();

        using var response = await client.PostFormAsync("setup", new() { ["username"] = username, ["password"] = password, ["confirm"] = confirm });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain(error);
        (await _server.Store.CountUsersAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [InlineData(DashboardServer.AdminName, "wrong password!")]
    [InlineData("nobody", DashboardServer.AdminPassword)]
    public async Task Login_WrongPasswordOrUnknownUser_ShowsOneGenericErrorAndNoSession(string username, string password)
    {
        (await _server.SetUpAsync()).Dispose();
        using var client = _server.CreateClient();

        using var response = await client.SignInAsync(username, password);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(LoginModel.WrongCredentials);
        SessionCookieHeader(response).ShouldBeNull();
        using var home = await client.GetAsync("");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task Login_RightPassword_SetsAnHttpOnlySameSiteStrictSessionCookie()
    {
        (await _server.SetUpAsync()).Dispose();
        using var client = _server.CreateClient();

        using var response = await client.SignInAsync(DashboardServer.AdminName.ToUpperInvariant(), DashboardServer.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
        var cookie = SessionCookieHeader(response).ShouldNotBeNull().ToLowerInvariant();
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=strict");
        cookie.ShouldContain("path=/");
        // Plain http on loopback: SameAsRequest leaves Secure off, or the browser would drop the cookie.
        cookie.ShouldNotContain("secure");
        // A session cookie: gone with the browser; the ticket inside expires after 8 idle hours.
        cookie.ShouldNotContain("expires=");
        (await client.GetStringAsync("leads")).ShouldContain("<h1>Leads</h1>");
    }

    [Fact]
    public async Task Login_SessionIdleForMoreThan8Hours_IsOver()
    {
        using var client = await _server.SetUpAsync();
        _server.Time.Advance(TimeSpan.FromHours(7));
        (await client.GetStringAsync("leads")).ShouldContain("<h1>Leads</h1>");

        _server.Time.Advance(TimeSpan.FromHours(8.1));
        using var response = await client.GetAsync("leads");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task Login_ReturnUrl_LocalIsFollowedAndExternalIgnored()
    {
        (await _server.SetUpAsync()).Dispose();
        using var client = _server.CreateClient();
        using var redirect = await client.GetAsync("settings/api-keys");
        redirect.Headers.Location!.PathAndQuery.ShouldBe("/login?returnUrl=%2Fsettings%2Fapi-keys");

        using var local = await client.PostFormAsync("login?returnUrl=%2Fsettings%2Fapi-keys",
            new() { ["username"] = DashboardServer.AdminName, ["password"] = DashboardServer.AdminPassword }, tokenPage: "login");
        using var other = _server.CreateClient();
        using var external = await other.PostFormAsync("login?returnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["username"] = DashboardServer.AdminName, ["password"] = DashboardServer.AdminPassword }, tokenPage: "login");

        local.Headers.Location!.OriginalString.ShouldBe("/settings/api-keys");
        external.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Login_FiveFailures_RefusesEvenTheRightPasswordUntilAnIncreasingLockoutPasses()
    {
        (await _server.SetUpAsync()).Dispose();
        using var client = _server.CreateClient();
        await FailAsync(client, LoginThrottle.MaxFailures);

        using var locked = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);
        locked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await locked.Content.ReadAsStringAsync(Ct)).ShouldContain("Too many failed sign-ins. Try again in 15 minutes.");
        locked.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromMinutes(15));
        SessionCookieHeader(locked).ShouldBeNull();

        _server.Time.Advance(TimeSpan.FromMinutes(14));
        using var stillLocked = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);
        stillLocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        _server.Time.Advance(TimeSpan.FromMinutes(1.5));
        await FailAsync(client, LoginThrottle.MaxFailures);

        // The second lockout is twice as long.
        _server.Time.Advance(TimeSpan.FromMinutes(16));
        using var second = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);
        second.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        _server.Time.Advance(TimeSpan.FromMinutes(15));
        using var open = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);
        open.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        SessionCookieHeader(open).ShouldNotBeNull();
    }

    [Fact]
    public async Task Login_FailuresSpreadOverMoreThan15Minutes_DoNotLock()
    {
        (await _server.SetUpAsync()).Dispose();
        using var client = _server.CreateClient();
        for (var i = 0; i < 2 * LoginThrottle.MaxFailures; i++)
        {
            await FailAsync(client, 1);
            _server.Time.Advance(TimeSpan.FromMinutes(4));
        }

        using var response = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Login_FiveFailuresFromOneAddressWithOtherNames_LockTheAddress()
    {
        (await _server.SetUpAsync()).Dispose();
        using var client = _server.CreateClient();
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            using var failed = await client.SignInAsync($"guess{i}", "some password here");
            failed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var response = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Login_HashOfAnOlderFormat_IsRehashedOnSuccess()
    {
        var v2 = new PasswordHasher<UserAccount>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var old = v2.HashPassword(null!, DashboardServer.AdminPassword);
        (await _server.Store.AddFirstUserAsync(new UserAccount(0, DashboardServer.AdminName, old, _server.Time.GetUtcNow()), Ct)).ShouldNotBeNull();
        using var client = _server.CreateClient();

        using var response = await client.SignInAsync(DashboardServer.AdminName, DashboardServer.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var user = (await _server.Store.FindUserAsync(DashboardServer.AdminName, Ct)).ShouldNotBeNull();
        user.PasswordHash.ShouldNotBe(old);
        new PasswordHasher<UserAccount>().VerifyHashedPassword(user, user.PasswordHash, DashboardServer.AdminPassword)
            .ShouldBe(PasswordVerificationResult.Success);
    }

    [Fact]
    public async Task Logout_Post_EndsTheSession()
    {
        using var client = await _server.SetUpAsync();

        using var response = await client.PostFormAsync("logout", []);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/login");
        using var home = await client.GetAsync("");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    private static async Task FailAsync(DashboardClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await client.SignInAsync(DashboardServer.AdminName, "not the password");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private static string? SessionCookieHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(NudgeDashboard.SessionCookieName + "=", StringComparison.Ordinal))
            : null;
}
