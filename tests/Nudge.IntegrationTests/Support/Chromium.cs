using Microsoft.Playwright;
using Xunit.Sdk;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// One headless Debian Chromium, driven by Microsoft.Playwright, shared by the tests of <see cref="ChromiumCollection"/>:
/// each test gets its own browser context (cookies, storage, permissions) through <see cref="NewPageAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// The browser is <c>$NUDGE_CHROMIUM</c> (which <c>./test.sh</c> sets) or <c>/usr/bin/chromium</c>, installed by
/// <c>scripts/install-chromium.sh</c>. Playwright never downloads a browser here: the machines' network is closed, and a
/// browser fetched at test time is not the one CI has. A missing browser fails the test that asks for it, saying how to
/// install it; it never skips.
/// </para>
/// <para>
/// It starts on the first <see cref="NewPageAsync"/>, not when the collection starts, so that a filtered run that picks
/// none of its tests pays nothing. Playwright's Node driver is the one the package copies next to the test assembly
/// (<c>.playwright/</c>).
/// </para>
/// </remarks>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>The environment variable naming the Chromium executable.</summary>
    public const string EnvironmentVariable = "NUDGE_CHROMIUM";

    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>
    /// The launch flags. <c>--no-sandbox</c>: the tests may run as root. The rest keep Chromium from calling Google's
    /// services, which this machine's closed network refuses, many connections at a time, at every start.
    /// </summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The size of every page's viewport, so that screenshots have one width.</summary>
    public static ViewportSize Viewport { get; } = new() { Width = 1280, Height = 800 };

    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The Chromium executable: <c>$NUDGE_CHROMIUM</c>, else <see cref="DefaultPath"/>.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>The browser, started on the first call.</summary>
    /// <exception cref="FailException">Chromium is not installed, or does not start.</exception>
    public async Task<IBrowser> GetBrowserAsync(CancellationToken cancellationToken)
    {
        await _launchLock.WaitAsync(cancellationToken);
        try
        {
            return _browser ??= await LaunchAsync();
        }
        finally
        {
            _launchLock.Release();
        }
    }

    /// <summary>
    /// A page in a new browser context whose relative URLs resolve against <paramref name="baseAddress"/>, recording its
    /// console errors and Content-Security-Policy violations. Dispose it to close the context.
    /// </summary>
    public async Task<ChromiumPage> NewPageAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var browser = await GetBrowserAsync(cancellationToken);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = Viewport,
            Locale = "en-US",
            TimezoneId = "UTC",
            // Never BypassCSP: what the tests check is what the page's policy lets run.
        });
        try
        {
            return await ChromiumPage.OpenAsync(context);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes a full-page screenshot of <paramref name="page"/> to <c>docs/screenshots/<paramref name="name"/>.png</c>
    /// in the repository, and returns that path.
    /// </summary>
    /// <param name="page">The page.</param>
    /// <param name="name">The file's name without <c>.png</c>: lowercase letters, digits and dashes.</param>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"'{name}' is not a screenshot name: use lowercase letters, digits and dashes.", nameof(name));
        }

        var directory = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>
    /// The repository: the folder holding <c>Nudge.slnx</c> above the test assembly, or above <c>$NUDGE_REPO_ROOT</c> when
    /// the build put the assembly elsewhere (<c>-p:ArtifactsPath=…</c>).
    /// </summary>
    public static string RepositoryRoot() =>
        FindAbove(AppContext.BaseDirectory)
        ?? (Environment.GetEnvironmentVariable("NUDGE_REPO_ROOT") is { Length: > 0 } root ? FindAbove(root) : null)
        ?? throw new InvalidOperationException(
            $"No Nudge.slnx above {AppContext.BaseDirectory}; set NUDGE_REPO_ROOT to the repository when building elsewhere.");

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _launchLock.Dispose();
    }

    private async Task<IBrowser> LaunchAsync()
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw FailException.ForFailure($"Chromium is not installed at {executable}: run scripts/install-chromium.sh " +
                $"(./test.sh does), or set {EnvironmentVariable} to a Chromium executable.");
        }

        // The driver would only download a browser when told to install one; this says so to it and to anything it starts.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Assertions.Expect waits 5 s by default; the whole suite shares two cores, and a page may wait its turn.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright ??= await Playwright.CreateAsync();
        try
        {
            // Playwright gives the browser a fresh, empty user data directory of its own and deletes it on close.
            return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
        }
        catch (PlaywrightException e)
        {
            throw FailException.ForFailure($"Chromium at {executable} did not start: {e.Message}\nCheck it with " +
                $"`{executable} --version`, or reinstall it with scripts/install-chromium.sh.");
        }
    }

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nudge.slnx")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
