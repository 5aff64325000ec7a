using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;
using Nudge.Web.Api;

namespace Nudge.Cli.Hosting;

/// <summary>The HTTP API served beside the worker by <c>nudge run --listen URL</c>.</summary>
internal static class ApiHost
{
    public static async Task<WebApplication> StartAsync(string url, IEngineStore store, Enroller enroller, NudgeApiOptions options, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapNudgeApi(store, enroller, options, timeProvider);
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"nudge run: HTTP API at {string.Join(", ", app.Urls)}/api/v1");
        return app;
    }
}
