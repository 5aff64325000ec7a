using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nudge.Core.Unsubscribe;
using Nudge.Web.Api;
using Nudge.Web.Dashboard;
using Nudge.Web.Push;
using Nudge.Web.Unsubscribe;
using Nudge.Web.Webhooks;

namespace Nudge.Cli.Hosting;

/// <summary>
/// The web endpoints of <c>nudge serve</c> and <c>nudge run --listen</c>: the dashboard (with a session), the HTTP API
/// (with a token), the unsubscribe pages of the links in every sequence mail, and the Gmail push endpoint (with its
/// secret).
/// </summary>
/// <remarks>
/// The dashboard makes every endpoint need its session unless the endpoint says otherwise
/// (<see cref="NudgeDashboard"/>): the public pages are marked <c>AllowAnonymous</c> here, the API
/// <see cref="OwnAuthentication"/>.
/// </remarks>
internal static class ApiHost
{
    public static async Task<WebApplication> StartAsync(ApiHostSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.Url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The keys that sign the dashboard's cookies are plain files, protected like the database beside them (file
        // permissions); the warning that they are not encrypted at rest would otherwise greet every new installation.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddNudgeApi();
        builder.Services.AddNudgeWebhookDispatcher(settings.Store, settings.Time);
        // The one file's folder when --sequences named a file: the templates are in templates/ beside it.
        var sequencesFolder = settings.SequencesPath is { } sequencesPath && File.Exists(sequencesPath)
            ? Path.GetDirectoryName(Path.GetFullPath(sequencesPath))
            : settings.SequencesPath;
        builder.Services.AddNudgeDashboard(settings.Store, settings.Time, options =>
        {
            options.Sequences = settings.Sequences;
            options.Rules = settings.Worker?.Rules ?? [];
            options.KeysDirectory = settings.DashboardKeysDirectory;
            options.TemplatesDirectory = sequencesFolder is null ? null : Path.Combine(sequencesFolder, "templates");
            // The sequences page saves the files there and loads them again into the catalog the worker reads.
            options.SequencesPath = settings.SequencesPath;
            options.Enroller = settings.Enroller;
            options.CredentialProtector = settings.CredentialProtector;
            options.GmailClients = settings.GmailClients;
            options.SandboxUrl = settings.SandboxUrl;
        });
        var app = builder.Build();
        app.MapNudgeDashboard();
        // Without a token the API is still mapped, and refuses every request (401): it says what is missing.
        var apiOptions = new NudgeApiOptions
        {
            Token = settings.ApiToken,
            Sequences = settings.Sequences?.All ?? [],
            SequencesDirectory = sequencesFolder,
        };
        app.MapNudgeApi(settings.Store, settings.Enroller, apiOptions, settings.Time)
            .WithMetadata(new OwnAuthentication("the API's bearer token"));

        var store = settings.Store;
        // Loaded once: every anonymous request would otherwise read (and on a fresh database, write) the store.
        byte[]? key = null;
        // Public: the signed token in the URL is the credential.
        app.MapUnsubscribe(new Unsubscriber(store, settings.Time), async cancellation => key ??= await UnsubscribeKey.LoadAsync(store, cancellation))
            .AllowAnonymous();
        if (settings.PushToken is { Length: > 0 } pushToken)
        {
            var worker = settings.Worker;
            // Public: the secret in the URL is the credential.
            app.MapGmailPush(pushToken, _ => worker?.Wake()).AllowAnonymous();
        }

        await app.StartAsync(cancellationToken);
        foreach (var url in app.Urls)
        {
            // The API takes the keys made in the dashboard's settings, and the static token when one is given.
            Console.WriteLine($"{settings.Command}: HTTP API at {url}/api/v1");
            Console.WriteLine($"{settings.Command}: dashboard at {url}/ (the first visit creates the admin account)");
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
