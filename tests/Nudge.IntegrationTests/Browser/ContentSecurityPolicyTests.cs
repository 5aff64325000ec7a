using Nudge.Web.Unsubscribe;

namespace Nudge.IntegrationTests.Browser;

/// <summary>
/// What a Content-Security-Policy lets a page run, in real Chromium: a page that tries each way of running script (an
/// inline <c>&lt;script&gt;</c>, an inline event handler, a script file of the same origin), served with and without the
/// policy. Template previews reuse this bench with the dashboard's policy.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ContentSecurityPolicyTests(Chromium chromium)
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["/page.html"] =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template</title></head>" +
            "<body onload=\"window.__ranHandler = true\"><h1>Hello Ann</h1>" +
            "<script>window.__ranInline = true;</script>" +
            "<script src=\"/external.js\"></script></body></html>",
        ["/external.js"] = "window.__ranExternal = true;",
    };

    private static readonly string[] Flags = ["__ranInline", "__ranHandler", "__ranExternal"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Script_UnderTheUnsubscribePagesPolicy_NeverRunsAndEachAttemptIsReported()
    {
        await using var site = await StaticSite.StartAsync(UnsubscribeEndpoints.ContentSecurityPolicy, Files, Ct);
        await using var page = await chromium.NewPageAsync(site.BaseAddress, Ct);

        var response = await page.Page.GotoAsync("page.html");

        response.ShouldNotBeNull().Status.ShouldBe(200);
        (await page.Page.Locator("h1").TextContentAsync()).ShouldBe("Hello Ann", "the page itself rendered");
        foreach (var flag in Flags)
        {
            (await page.Page.EvaluateAsync<string>($"() => typeof window.{flag}")).ShouldBe("undefined", $"{flag} was set");
        }

        await page.SettleAsync();
        var external = new Uri(site.BaseAddress, "external.js").ToString();
        page.CspViolations.Select(v => (v.Directive, v.BlockedUri)).OrderBy(v => v).ShouldBe(
        [
            ("script-src-attr", "inline"),
            ("script-src-elem", external),
            ("script-src-elem", "inline"),
        ]);
        page.CspViolations.ShouldAllBe(v => v.DocumentUri == new Uri(site.BaseAddress, "page.html").ToString());
        page.ConsoleErrors.Count.ShouldBe(3, "Chromium logs each refusal as a console error too");
        page.ConsoleErrors.ShouldAllBe(e => e.Contains("Content Security Policy"));
    }

    // The control: the same page without a policy runs all three, so the test above fails if its page stops trying.
    [Fact]
    public async Task Script_WithoutAPolicy_RunsEveryWay()
    {
        await using var site = await StaticSite.StartAsync(null, Files, Ct);
        await using var page = await chromium.NewPageAsync(site.BaseAddress, Ct);

        await page.Page.GotoAsync("page.html");

        foreach (var flag in Flags)
        {
            (await page.Page.EvaluateAsync<bool>($"() => window.{flag} === true")).ShouldBeTrue($"{flag} was not set");
        }

        await page.ShouldHaveNoErrorsAsync();
    }
}
