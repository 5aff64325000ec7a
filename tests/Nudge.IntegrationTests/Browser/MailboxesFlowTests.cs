using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nudge.Core.Abstractions;
using Nudge.IntegrationTests.Dashboard;
using Nudge.Sandbox;
using static Microsoft.Playwright.Assertions;

namespace Nudge.IntegrationTests.Browser;

/// <summary>
/// The mailboxes page in real Chromium against the real Gmail sandbox: the whole OAuth flow a user goes through with
/// Google (the dashboard's form, the consent page on another origin, Allow, the callback, back to the list), and a
/// sign-in with another account than the one asked for, refused. Writes <c>docs/screenshots/mailboxes.png</c>.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class MailboxesFlowTests(Chromium chromium) : IAsyncLifetime
{
    private GmailSandbox _sandbox = null!;
    private DashboardServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        _server = await DashboardServer.StartAsync(_sandbox.BaseAddress);
        (await _server.SetUpAsync()).Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task ConnectThroughConsentPage_Allow_ShowsTheMailboxConnectedAndAnotherAccountIsRefused()
    {
        _sandbox.AddMailbox("pat@sandbox.example");
        _sandbox.AddMailbox("lee@sandbox.example");
        var sam = (await _server.Store.ListMailboxesAsync(Ct)).Single();
        await _server.Store.PauseMailboxAsync(sam.Id, "invalid_grant: sign in again with nudge mailbox add", _server.Time.GetUtcNow(), Ct);
        await using var browser = await chromium.NewPageAsync(_server.BaseAddress, Ct);
        var page = browser.Page;
        await SignInAsync(page);

        await page.GotoAsync("mailboxes");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mailboxes");
        await Expect(page.Locator($"#mailbox-{sam.Id} .why")).ToHaveTextAsync("invalid_grant: sign in again with nudge mailbox add");
        await browser.ShouldHaveNoErrorsAsync();

        // The dashboard's form sends the browser to the sandbox's consent page, another origin, as Google's would be.
        await StartSandboxSignInAsync(page, "pat@sandbox.example");
        page.Url.ShouldStartWith(_sandbox.AuthorizationEndpoint.ToString());
        await page.CheckAsync("input[name=account][value='pat@sandbox.example']");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        // The callback answers, then takes the browser to the list with the notice.
        await Expect(page).ToHaveURLAsync(new Regex("/mailboxes\\?done="));
        await Expect(page.Locator("p.notice")).ToHaveTextAsync("Connected pat@sandbox.example.");
        var pat = (await _server.Store.ListMailboxesAsync(Ct)).Single(m => m.Email == "pat@sandbox.example");
        pat.Kind.ShouldBe(MailboxKind.Sandbox);
        pat.CredentialCiphertext.ShouldNotBeNull();
        await Expect(page.Locator($"#mailbox-{pat.Id} .state")).ToHaveTextAsync("active");
        await Expect(page.Locator($"#mailbox-{pat.Id}")).ToContainTextAsync("sandbox");
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("mailboxes");

        // Asked for pat, chose lee on the consent page: refused, and nothing of lee's is saved.
        await page.GotoAsync("mailboxes");
        await StartSandboxSignInAsync(page, "pat@sandbox.example");
        await page.CheckAsync("input[name=account][value='lee@sandbox.example']");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/mailboxes/oauth/callback\\?"));
        await Expect(page.Locator("p.error")).ToContainTextAsync(
            "You signed in as lee@sandbox.example, not pat@sandbox.example, so nothing was saved.");
        (await _server.Store.ListMailboxesAsync(Ct)).ShouldNotContain(m => m.Email == "lee@sandbox.example");
        browser.CspViolations.ShouldBeEmpty();
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("login");
        await page.FillAsync("input[name=username]", DashboardServer.AdminName);
        await page.FillAsync("input[name=password]", DashboardServer.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
    }

    private static async Task StartSandboxSignInAsync(IPage page, string email)
    {
        var form = page.Locator("form[action*='handler=ConnectSandbox']");
        await form.Locator("input[name=email]").FillAsync(email);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in with the sandbox" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/o/oauth2/v2/auth\\?"));
    }
}
