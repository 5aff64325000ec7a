using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Abstractions;
using Nudge.Core.Accounts;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;
using Nudge.Web.Api;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The HTTP API on a loopback port of its own, hosted as a host does it (<see cref="NudgeApi.AddNudgeApi"/> then
/// <see cref="NudgeApi.MapNudgeApi"/>, what <c>ApiHost</c> calls): by default over a SQLite file with one mailbox and the
/// 2-step <c>outreach</c> sequence, the clock a <see cref="FakeTimeProvider"/>; or over a store, enroller and clock brought
/// by the test (an example run against the Gmail sandbox).
/// </summary>
internal sealed class NudgeApiServer : IAsyncDisposable
{
    private readonly CliWorkspace? _ws;
    private readonly TimeProvider _clock;

    private NudgeApiServer(CliWorkspace? ws, WebApplication app, IEngineStore store, Mailbox mailbox, TimeProvider clock)
    {
        _ws = ws;
        App = app;
        Store = store;
        Mailbox = mailbox;
        _clock = clock;
        Root = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        BaseAddress = new Uri(Root, "api/v1/");
    }

    /// <summary>The app, for its route table.</summary>
    public WebApplication App { get; }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Root { get; }

    /// <summary><c>http://127.0.0.1:PORT/api/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    public IEngineStore Store { get; }

    public Mailbox Mailbox { get; }

    /// <summary>The fake clock of the default server.</summary>
    public FakeTimeProvider Time => _clock as FakeTimeProvider ?? throw new InvalidOperationException("this server runs on the test's own clock");

    /// <summary>The outreach workspace's sequences folder (default server only).</summary>
    public string SequencesDirectory => _ws?.Sequences ?? throw new InvalidOperationException("no workspace");

    public static async Task<NudgeApiServer> StartAsync(string? token, CancellationToken cancellationToken)
    {
        var ws = CliWorkspace.Create();
        try
        {
            await ws.WriteOutreachAsync(bumpWait: "3 days");
            var mailbox = await ws.AddMailboxAsync();
            var store = await ws.OpenStoreAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
            var sequences = await SequenceFile.LoadDirectoryAsync(ws.Sequences, cancellationToken);
            var options = new NudgeApiOptions { Token = token, Sequences = sequences, SequencesDirectory = ws.Sequences };
            var app = await HostAsync(store, new Enroller(store, new SequenceCatalog(sequences), null, time), options, time, cancellationToken);
            return new NudgeApiServer(ws, app, store, mailbox, time);
        }
        catch
        {
            await ws.DisposeAsync();
            throw;
        }
    }

    /// <summary>The API over what the test brings (the store, enroller and clock of an example run).</summary>
    public static async Task<NudgeApiServer> StartAsync(IEngineStore store, Enroller enroller, Mailbox mailbox, TimeProvider clock,
        NudgeApiOptions options, CancellationToken cancellationToken) =>
        new(null, await HostAsync(store, enroller, options, clock, cancellationToken), store, mailbox, clock);

    /// <summary>A client of the API sending <c>Authorization: <paramref name="authorization"/></c> when given.</summary>
    public HttpClient CreateClient(string? authorization)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (authorization is not null)
        {
            http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return http;
    }

    /// <summary>Makes an API key in the store, as the dashboard's settings page does; returns the key and its id.</summary>
    public async Task<(string Key, long Id)> CreateApiKeyAsync(string name, CancellationToken cancellationToken)
    {
        var (key, stored) = ApiKeys.Create(name, _clock.GetUtcNow());
        return (key, await Store.AddApiKeyAsync(stored, cancellationToken));
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        if (_ws is not null)
        {
            await _ws.DisposeAsync();
        }
    }

    private static async Task<WebApplication> HostAsync(IEngineStore store, Enroller enroller, NudgeApiOptions options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddNudgeApi();
        var app = builder.Build();
        app.MapNudgeApi(store, enroller, options, clock);
        await app.StartAsync(cancellationToken);
        return app;
    }
}
