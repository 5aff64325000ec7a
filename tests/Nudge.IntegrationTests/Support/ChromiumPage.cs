using System.Text.Json;
using Microsoft.Playwright;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// A page of <see cref="Chromium"/> in a browser context of its own, recording what went wrong in it: console errors
/// (which include resources that failed to load and Chromium's own report of each CSP violation), uncaught exceptions,
/// and every Content-Security-Policy violation as its <c>securitypolicyviolation</c> event describes it. Disposing it
/// closes the context.
/// </summary>
/// <remarks>
/// A sandboxed frame (a template preview's <c>&lt;iframe sandbox srcdoc&gt;</c>) does not report through the violation
/// listener, so its refusals reach <see cref="ConsoleErrors"/> only: "Blocked script execution in 'about:srcdoc' because the document's frame is
/// sandboxed…" without <c>allow-scripts</c>, "Executing inline script violates the following Content Security Policy
/// directive…" with it (both seen in Chromium 156).
/// </remarks>
public sealed class ChromiumPage : IAsyncDisposable
{
    // Runs in every document of the page where scripts may run, frames included, before the document's own scripts and
    // outside its CSP (it is not one of the page's scripts). It forwards each violation event to the binding of OpenAsync.
    private const string BindingName = "__nudgeReportCspViolation";

    private const string ReportViolationsScript =
        "document.addEventListener('securitypolicyviolation', e => window." + BindingName + "(JSON.stringify({" +
        "directive: e.effectiveDirective, blockedUri: e.blockedURI, sample: e.sample, documentUri: e.documentURI })), true);";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IBrowserContext _context;
    private readonly Lock _lock = new();
    private readonly List<string> _consoleErrors = [];
    private readonly List<ChromiumCspViolation> _cspViolations = [];

    private ChromiumPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    /// <summary>The Playwright page: navigate, find, click, evaluate.</summary>
    public IPage Page { get; }

    /// <summary>The console errors so far (<c>console.error</c>, failed loads, CSP reports) and uncaught exceptions.</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_lock)
            {
                return [.. _consoleErrors];
            }
        }
    }

    /// <summary>The Content-Security-Policy violations so far, in the page and in its frames that are not sandboxed.</summary>
    public IReadOnlyList<ChromiumCspViolation> CspViolations
    {
        get
        {
            lock (_lock)
            {
                return [.. _cspViolations];
            }
        }
    }

    internal static async Task<ChromiumPage> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var opened = new ChromiumPage(context, page);
        await page.ExposeBindingAsync<string>(BindingName, (_, json) =>
        {
            if (json != "null")
            {
                opened.Record(JsonSerializer.Deserialize<ChromiumCspViolation>(json, Json)
                    ?? throw new InvalidOperationException($"Not a CSP violation: {json}"));
            }
        });
        await page.AddInitScriptAsync(script: ReportViolationsScript);
        page.Console += (_, message) =>
        {
            // The browser asks every site for /favicon.ico on its own; a site without one is not a page error.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico:", StringComparison.Ordinal))
            {
                opened.Record($"console error at {message.Location}: {message.Text}");
            }
        };
        page.PageError += (_, error) => opened.Record($"uncaught exception: {error}");
        return opened;
    }

    /// <summary>
    /// Waits until what the page has raised so far has reached <see cref="ConsoleErrors"/> and <see cref="CspViolations"/>:
    /// a violation event is dispatched in a task of its own, then crosses two processes.
    /// </summary>
    public async Task SettleAsync() =>
        // A macrotask lets queued violation events fire; then a call through the binding (with "null": nothing to record)
        // returns only after the reports made before it through the same binding were recorded.
        await Page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 0)).then(() => window." + BindingName + "('null'))");

    /// <summary>Fails, listing them, when the page had console errors, uncaught exceptions or CSP violations.</summary>
    public async Task ShouldHaveNoErrorsAsync()
    {
        await SettleAsync();
        var problems = ConsoleErrors.Concat(CspViolations.Select(v => $"CSP violation: {v}")).ToList();
        problems.ShouldBeEmpty($"{Page.Url} had errors:\n{string.Join("\n", problems)}");
    }

    /// <summary>Writes a full-page screenshot to <c>docs/screenshots/<paramref name="name"/>.png</c> (<see cref="Chromium.ScreenshotAsync"/>).</summary>
    public Task<string> ScreenshotAsync(string name) => Chromium.ScreenshotAsync(Page, name);

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private void Record(string error)
    {
        lock (_lock)
        {
            _consoleErrors.Add(error);
        }
    }

    private void Record(ChromiumCspViolation violation)
    {
        lock (_lock)
        {
            _cspViolations.Add(violation);
        }
    }
}
