using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using Nudge.Cli.Hosting;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The HTTP API as <c>nudge run --listen</c> serves it (<see cref="ApiHost"/>), on a loopback port of its own, over a
/// SQLite file with one mailbox and the 2-step <c>outreach</c> sequence; the clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class NudgeApiServer : IAsyncDisposable
{
    private readonly CliWorkspace _ws;
    private readonly WebApplication _app;

    private NudgeApiServer(CliWorkspace ws, WebApplication app, IEngineStore store, Mailbox mailbox, FakeTimeProvider time)
    {
        _ws = ws;
        _app = app;
        Store = store;
        Mailbox = mailbox;
        Time = time;
        BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/api/v1/");
    }

    public Uri BaseAddress { get; }

    public IEngineStore Store { get; }

    public Mailbox Mailbox { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<NudgeApiServer> StartAsync(string? token, CancellationToken cancellationToken)
    {
        var ws = CliWorkspace.Create();
        try
        {
            await ws.WriteOutreachAsync(bumpWait: "3 days");
            var mailbox = await ws.AddMailboxAsync();
            var store = await ws.OpenStoreAsync();
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
            var catalog = new SequenceCatalog(await SequenceFile.LoadDirectoryAsync(ws.Sequences, cancellationToken));
            var app = await ApiHost.StartAsync(
                new ApiHostSettings("http://127.0.0.1:0", store, new Enroller(store, catalog, null, time), time) { ApiToken = token }, cancellationToken);
            return new NudgeApiServer(ws, app, store, mailbox, time);
        }
        catch
        {
            await ws.DisposeAsync();
            throw;
        }
    }

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

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _ws.DisposeAsync();
    }
}
