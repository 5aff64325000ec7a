using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Nudge.Core.Enrollments;
using static Microsoft.Playwright.Assertions;

namespace Nudge.IntegrationTests.Browser;

/// <summary>
/// The dashboard end to end in real Chromium: the real host of <c>nudge serve</c> over the engine of
/// <see cref="EngineHarness"/> (a SQLite file, an in-process worker, the Gmail sandbox, all on one fake clock), from the
/// first-run setup, a CSV upload with a bad row, a template preview and enrolling on a sequence's page to a reply
/// turning a lead to "replied" and a one-click pause. Every page is checked for console errors
/// and CSP violations, and the main ones are written to <c>docs/screenshots/</c>: the data and the clock are fixed, so
/// the images only change when the pages do.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardFlowTests(Chromium chromium) : IAsyncLifetime
{
    private const string Username = "admin";
    private const string Password = Dashboard.DashboardServer.AdminPassword;

    private EngineHarness _harness = null!;
    private WebApplication _app = null!;
    private Uri _baseAddress = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await EngineHarness.StartAsync(cancellationToken: Ct);
        _app = await _harness.StartWebHostAsync(Ct);
        _baseAddress = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Dashboard_SetupImportEnrollSendReplyPause_EachPageShowsTheLeadsStateWithoutErrors()
    {
        // First run: every page leads to /setup, which creates the account and signs in.
        await using (var first = await chromium.NewPageAsync(_baseAddress, Ct))
        {
            await first.Page.GotoAsync("");
            first.Page.Url.ShouldBe(new Uri(_baseAddress, "setup").ToString());
            await Expect(first.Page.Locator("h1")).ToHaveTextAsync("Welcome to Nudge");
            await first.ShouldHaveNoErrorsAsync();
            await first.ScreenshotAsync("setup");
            await first.Page.FillAsync("input[name=username]", Username);
            await first.Page.FillAsync("input[name=password]", Password);
            await first.Page.FillAsync("input[name=confirm]", Password);
            await first.Page.ClickAsync("button[type=submit]");
            await Expect(first.Page.Locator("h1")).ToHaveTextAsync("Overview");
            await first.ShouldHaveNoErrorsAsync();
        }

        // Another browser: signs in.
        await using var browser = await chromium.NewPageAsync(_baseAddress, Ct);
        var page = browser.Page;
        await page.GotoAsync("login");
        await Expect(page.Locator("button[type=submit]")).ToHaveTextAsync("Sign in");
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("login");
        await page.FillAsync("input[name=username]", Username);
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await browser.ShouldHaveNoErrorsAsync();

        // Contacts come from a CSV upload; the check reports the bad row by its line before anything is stored.
        await page.GotoAsync("contacts/import");
        await page.SetInputFilesAsync("input[type=file]", new FilePayload
        {
            Name = "leads.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(
                "email,first_name,company\nann@globex.example,Ann,Globex\nbob@initech.example,Bob,Initech\nnot-an-address,Carl,Umbrella\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Expect(page.Locator("table.refused tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.refused tbody tr td").First).ToHaveTextAsync("4");
        await Expect(page.Locator("table.refused")).ToContainTextAsync("not-an-address");
        (await _harness.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("contacts-import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 contacts" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToContainTextAsync("Imported 2 contacts");
        await browser.ShouldHaveNoErrorsAsync();

        // The template's preview fills the merge fields for a chosen contact.
        var annContact = (await _harness.Store.FindContactByAddressAsync("ann@globex.example", Ct)).ShouldNotBeNull();
        await page.GotoAsync($"templates/intro?contact={annContact.Id}");
        await Expect(page.Locator("pre.preview-text")).ToContainTextAsync("A note about Globex.");
        await browser.ShouldHaveNoErrorsAsync();

        // Enrolling: choose the contacts on the sequence's page, see who gets what and when, then enroll.
        await page.GotoAsync("sequences/outreach");
        await page.GetByLabel("Choose ann@globex.example").CheckAsync();
        await page.GetByLabel("Choose bob@initech.example").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview the enrollment" }).ClickAsync();
        await Expect(page.Locator("table.enroll-preview")).ToContainTextAsync("Step 1: “Quick question for Globex”");
        await Expect(page.Locator("table.enroll-preview")).ToContainTextAsync("Quick question for Initech");
        (await _harness.Store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("sequence-enroll");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enroll 2 contacts" }).ClickAsync();
        await Expect(page.Locator("p.notice")).ToHaveTextAsync("Enrolled 2 contacts.");
        await Expect(page.Locator("ol.plan li")).ToHaveCountAsync(6);
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("sequence");
        var enrollments = await _harness.Store.ListEnrollmentsAsync(Ct);
        var bobContact = (await _harness.Store.FindContactByAddressAsync("bob@initech.example", Ct)).ShouldNotBeNull();
        var ann = enrollments.Single(e => e.ContactId == annContact.Id).Id;
        var bob = enrollments.Single(e => e.ContactId == bobContact.Id).Id;

        await page.GotoAsync("sequences/outreach/edit");
        await Expect(page.Locator("#f-steps-2-wait")).ToHaveValueAsync("3 days");
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("sequence-editor");

        // The leads page lists the enrolled contacts, step 1 due.
        await page.GotoAsync("leads");
        await Expect(page.Locator($"#lead-{ann}")).ToContainTextAsync("ann@globex.example");
        await Expect(page.Locator($"#lead-{ann} .state")).ToHaveTextAsync("active");
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("leads");

        // The worker sends step 1 through the sandbox; Ann answers; the next cycle reads her reply.
        await _harness.RunUntilAsync(_harness.Time.GetUtcNow().AddHours(1), Ct);
        (await _harness.Store.ListOutboxAsync(ann, Ct)).Single().State.ShouldBe(OutboxState.Sent);
        await _harness.DeliverReplyAsync(ann, "Ann Lee <ann@globex.example>", Ct);
        await _harness.Worker.RunCycleAsync(Ct);

        await page.GotoAsync($"leads/{ann}");
        await Expect(page.Locator("h1 .state")).ToHaveTextAsync("replied");
        await Expect(page.Locator("body")).ToContainTextAsync("ann@globex.example");
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("lead-detail");

        // One click pauses Bob: nudge.js swaps his row in place, the page itself is not loaded again.
        await page.GotoAsync("leads");
        await page.EvaluateAsync("() => { window.__samePage = true; }");
        await page.Locator($"#lead-{bob}").GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(page.Locator($"#lead-{bob} .state")).ToHaveTextAsync("paused");
        (await page.EvaluateAsync<bool>("() => window.__samePage === true")).ShouldBeTrue("the pause reloaded the page");
        await Expect(page.Locator($"#lead-{ann} .state")).ToHaveTextAsync("replied");
        (await _harness.Store.GetEnrollmentAsync(bob, Ct)).ShouldNotBeNull().IsPaused.ShouldBeTrue();
        await browser.ShouldHaveNoErrorsAsync();

        // The overview charts what happened.
        await page.GotoAsync("");
        await Expect(page.Locator("svg.chart title", new() { HasTextString = "sent step 1: 2" })).ToHaveCountAsync(1);
        await Expect(page.Locator("svg.chart title", new() { HasTextString = "replied: 1" })).ToHaveCountAsync(1);
        await Expect(page.Locator("svg.chart title", new() { HasTextString = "sends in 24 h: 2 of 500" })).ToHaveCountAsync(1);
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("overview");

        await page.GotoAsync("settings/api-keys");
        await Expect(page.Locator("h1")).ToContainTextAsync("API keys");
        await browser.ShouldHaveNoErrorsAsync();
        await browser.ScreenshotAsync("api-keys");
    }
}
