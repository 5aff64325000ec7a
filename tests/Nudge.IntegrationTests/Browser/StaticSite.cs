using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nudge.IntegrationTests.Browser;

/// <summary>
/// A few fixed files on a loopback port of their own, all served with one <c>Content-Security-Policy</c> (or none): the
/// bench for what a policy lets a page run, such as a template's HTML shown under the dashboard's policy.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    /// <summary>Serves each of <paramref name="files"/> (path → content) at its path, typed by its extension.</summary>
    /// <param name="contentSecurityPolicy">The header every answer carries; <see langword="null"/> for none.</param>
    /// <param name="files">The files by path, such as <c>/page.html</c> and <c>/external.js</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<StaticSite> StartAsync(string? contentSecurityPolicy, IReadOnlyDictionary<string, string> files,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (contentSecurityPolicy is not null)
            {
                context.Response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
            }

            context.Response.Headers.CacheControl = "no-store";
            await next(context);
        });
        foreach (var (path, content) in files)
        {
            var type = Path.GetExtension(path) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                var other => throw new ArgumentException($"No content type for '{other}' ({path}).", nameof(files)),
            };
            app.MapGet(path, () => Results.Text(content, type));
        }

        await app.StartAsync(cancellationToken);
        return new StaticSite(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
