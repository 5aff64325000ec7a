using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using Nudge.Cli.Hosting;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;
using Nudge.Gmail.Auth;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The real web host of <c>nudge serve</c> (<see cref="ApiHost"/>: dashboard, API, unsubscribe pages, push endpoint) on
/// a loopback port of its own, over a SQLite file with one mailbox and the 2-step <c>outreach</c> sequence; the clock is
/// a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "correct horse battery staple";

    private readonly CliWorkspace _ws;

    private DashboardServer(CliWorkspace ws, WebApplication app, IEngineStore store, Enroller enroller, FakeTimeProvider time, TokenProtector protector)
    {
        Protector = protector;
        _ws = ws;
        App = app;
        Store = store;
        Enroller = enroller;
        Time = time;
        BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public IEngineStore Store { get; }

    public Enroller Enroller { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The key the mailboxes page encrypts credentials with, as <c>nudge serve</c> passes its key file.</summary>
    public TokenProtector Protector { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the host; with <paramref name="sandboxUrl"/> its mailboxes page offers the sandbox (<c>nudge serve --sandbox</c>).</summary>
    public static async Task<DashboardServer> StartAsync(Uri? sandboxUrl = null)
    {
        var ws = CliWorkspace.Create();
        try
        {
            await ws.WriteOutreachAsync(bumpWait: "3 days");
            await ws.AddMailboxAsync();
            var store = await ws.OpenStoreAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
            var catalog = new SequenceCatalog(await SequenceFile.LoadDirectoryAsync(ws.Sequences, Ct));
            var enroller = new Enroller(store, catalog, null, time);
            var protector = TokenProtector.LoadOrCreate(Path.Combine(ws.Dir, "data", "nudge.db.key"));
            var app = await ApiHost.StartAsync(
                new ApiHostSettings("http://127.0.0.1:0", store, enroller, time)
                {
                    ApiToken = "api-token-for-tests",
                    PushToken = "push-secret-for-tests",
                    Sequences = catalog,
                    SequencesPath = ws.Sequences,
                    DashboardKeysDirectory = Path.Combine(ws.Dir, "keys"),
                    Command = "nudge serve",
                    CredentialProtector = protector,
                    SandboxUrl = sandboxUrl,
                },
                Ct);
            return new DashboardServer(ws, app, store, enroller, time, protector);
        }
        catch
        {
            await ws.DisposeAsync();
            throw;
        }
    }

    /// <summary>A browser-like client: keeps cookies, follows no redirect.</summary>
    public DashboardClient CreateClient() => new(BaseAddress);

    /// <summary>Creates the admin account through <c>/setup</c> and returns the client signed in by it.</summary>
    public async Task<DashboardClient> SetUpAsync()
    {
        var client = CreateClient();
        using var response = await client.PostFormAsync("setup",
            new() { ["username"] = AdminName, ["password"] = AdminPassword, ["confirm"] = AdminPassword });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        return client;
    }

    /// <summary>Enrolls a contact in <c>outreach</c>; returns the enrollment's id.</summary>
    public async Task<long> EnrollAsync(string email)
    {
        var result = await Enroller.EnrollAsync(
            new EnrollmentRequest(email, new Dictionary<string, string> { ["company"] = "Globex" }, "outreach"), Ct);
        return result.EnrollmentId.ShouldNotBeNull(result.Rejection);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await _ws.DisposeAsync();
    }
}
