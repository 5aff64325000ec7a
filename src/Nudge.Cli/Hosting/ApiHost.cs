using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nudge.Core.Unsubscribe;
using Nudge.Web.Api;
using Nudge.Web.Push;
using Nudge.Web.Unsubscribe;

namespace Nudge.Cli.Hosting;

/// <summary>
/// The web endpoints of <c>nudge serve</c> and <c>nudge run --listen</c>: the HTTP API (with a token), the unsubscribe
/// pages of the links in every sequence mail, and the Gmail push endpoint (with its secret).
/// </summary>
internal static class ApiHost
{
    public static async Task<WebApplication> StartAsync(ApiHostSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        // Without a token the API is still mapped, and refuses every request (401): it says what is missing.
        app.MapNudgeApi(settings.Store, settings.Enroller, new NudgeApiOptions { Token = settings.ApiToken }, settings.Time);

        var store = settings.Store;
        // Loaded once: every anonymous request would otherwise read (and on a fresh database, write) the store.
        byte[]? key = null;
        app.MapUnsubscribe(new Unsubscriber(store, settings.Time), async cancellation => key ??= await UnsubscribeKey.LoadAsync(store, cancellation));
        if (settings.PushToken is { Length: > 0 } pushToken)
        {
            var worker = settings.Worker;
            app.MapGmailPush(pushToken, _ => worker?.Wake());
        }

        await app.StartAsync(cancellationToken);
        foreach (var url in app.Urls)
        {
            Console.WriteLine(settings.ApiToken is null
                ? $"{settings.Command}: listening at {url} (unsubscribe pages; the HTTP API needs a token and refuses every request)"
                : $"{settings.Command}: HTTP API at {url}/api/v1");
        }

        if (!IsLoopbackOrTls(settings.Url))
        {
            Console.Error.WriteLine(
                $"{settings.Command}: warning: {settings.Url} is reachable from other machines without TLS; put it behind an https proxy");
        }

        return app;
    }

    /// <summary>A token from its file, or from <c>$NUDGE_API_TOKEN</c>; <see langword="null"/> when there is none.</summary>
    public static async Task<string?> ReadTokenAsync(string? tokenFile, CancellationToken cancellationToken) =>
        tokenFile is not null
            ? (File.Exists(tokenFile) ? (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim() : null)
            : Environment.GetEnvironmentVariable("NUDGE_API_TOKEN");

    private static bool IsLoopbackOrTls(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
