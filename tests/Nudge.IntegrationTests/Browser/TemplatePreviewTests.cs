using Microsoft.Playwright;
using Nudge.Core.Contacts;
using Nudge.IntegrationTests.Dashboard;

namespace Nudge.IntegrationTests.Browser;

/// <summary>
/// The template editor's preview in real Chromium: a merge field filled for a contact, the live refresh of
/// <c>nudge.js</c>, and a template's script shown in the sandboxed frame without ever running.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class TemplatePreviewTests(Chromium chromium) : IAsyncLifetime
{
    private const string HostileBody =
        "Hi {{ first_name }},\n\n<script>window.parent.__pwned = 1; document.documentElement.dataset.ran = \"script\";</script>\n\n" +
        "<img src=x onerror=\"window.parent.__pwned = 2; document.documentElement.dataset.ran = 'img'\">\n\nAfter the script.\n";

    private DashboardServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        (await _server.SetUpAsync()).Dispose();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Preview_ContactChosen_ShowsTheMergeFieldFilled()
    {
        var id = await _server.Store.UpsertContactAsync(
            new Contact(0, "chloe@globex.example", new Dictionary<string, string> { ["first_name"] = "Chloé", ["company"] = "Globex" }), Ct);
        await using var page = await SignInAsync();

        await page.Page.GotoAsync($"templates/intro?contact={id}");

        await Assertions.Expect(page.Page.Locator("pre.preview-text")).ToHaveTextAsync("Hi Chloé,\n\nA note for Globex.\n");
        await Assertions.Expect(page.Page.FrameLocator("iframe.preview").Locator("p").First).ToHaveTextAsync("Hi Chloé,");
        await page.ShouldHaveNoErrorsAsync();
        await page.ScreenshotAsync("template-preview");
    }

    [Fact]
    public async Task Preview_TemplateWithScript_RendersInTheFrameButNeverRuns()
    {
        var id = await _server.Store.UpsertContactAsync(
            new Contact(0, "chloe@globex.example", new Dictionary<string, string> { ["first_name"] = "Chloé", ["company"] = "Globex" }), Ct);
        await using var page = await SignInAsync();
        await page.Page.GotoAsync($"templates/intro?contact={id}");
        await page.ShouldHaveNoErrorsAsync();

        // Typing refreshes the preview through nudge.js after a short pause: no button pressed.
        await page.Page.Locator("textarea[name=Body]").FillAsync(HostileBody);

        var frame = page.Page.FrameLocator("iframe.preview");
        await Assertions.Expect(frame.Locator("p").Last).ToHaveTextAsync("After the script.");
        await Assertions.Expect(frame.Locator("img")).ToHaveCountAsync(1);
        await Assertions.Expect(frame.Locator("script")).ToHaveCountAsync(1);
        (await page.Page.EvaluateAsync<string>("() => typeof window.__pwned")).ShouldBe("undefined");
        (await frame.Locator("html").GetAttributeAsync("data-ran")).ShouldBeNull("a script ran in the frame");
        await page.SettleAsync();
        page.CspViolations.ShouldBeEmpty("the dashboard page broke its own policy");
        page.ConsoleErrors.ShouldNotBeEmpty("Chromium reports the blocked script");
        page.ConsoleErrors.ShouldAllBe(e => e.Contains("Blocked script execution in 'about:srcdoc'"));
    }

    private async Task<ChromiumPage> SignInAsync()
    {
        var page = await chromium.NewPageAsync(_server.BaseAddress, Ct);
        try
        {
            await page.Page.GotoAsync("login");
            await page.Page.Locator("input[name=username]").FillAsync(DashboardServer.AdminName);
            await page.Page.Locator("input[name=password]").FillAsync(DashboardServer.AdminPassword);
            await page.Page.Locator("button[type=submit].primary").ClickAsync();
            await page.Page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }
}
