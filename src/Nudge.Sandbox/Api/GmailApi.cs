using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Auth;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Observability;
using Nudge.Sandbox.Quota;
using Nudge.Sandbox.Recipients;
using Nudge.Sandbox.Shaping;

namespace Nudge.Sandbox.Api;

/// <summary>Maps the Gmail v1 surface the sandbox implements, under Google's paths.</summary>
internal static class GmailApi
{
    public static void MapGmailApi(this WebApplication app, SandboxState state)
    {
        // The Date header follows the sandbox's clock like every other time it serves: a client that measures
        // "Retry after <time>" from the response's Date must get the same answer on a simulated clock as on a real one.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = state.Time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        });

        // First, so that scripted recipients' due answers are in the mailbox before anything reads it.
        app.UseRecipientDeliveries(state);
        var filter = new GmailAuthFilter(state);
        var policies = new GmailPolicies(state);
        var users = policies.Apply(app.MapGroup("gmail/v1/users/{userId}"), filter);
        var uploads = policies.Apply(app.MapGroup("upload/gmail/v1/users/{userId}"), filter);

        users.MapProfileApi();
        users.MapMessagesApi(uploads, state);
        users.MapThreadsApi(state);
        users.MapHistoryApi(state);
        users.MapModifyApi(state);
        users.MapDraftsApi(uploads, state);
        users.MapLabelsApi(state);
        users.MapSettingsApi();
        users.MapWatchApi(state);
        app.MapBatchApi();
        app.MapOAuthApi(state);
        app.MapSandboxAdminApi(state, policies.Metrics);
        app.MapRecipientsApi(state);
        app.UseGmailResponseShaping();

        // Anything else under Google's prefixes gets Google's 404 envelope rather than an empty ASP.NET 404.
        app.MapFallback("gmail/v1/{**rest}", () => GoogleErrors.NotFound());
        app.MapFallback("upload/gmail/v1/{**rest}", () => GoogleErrors.NotFound());

        // An endpoint missing from the method catalog would skip the scope and quota checks without a sound: refuse to start.
        var uncatalogued = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<GmailRpc>()?.Name)
            .OfType<string>()
            .Where(rpc => GmailMethodCatalog.Find(rpc) is null)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (uncatalogued.Count > 0)
        {
            throw new InvalidOperationException($"Gmail methods missing from GmailMethodCatalog: {string.Join(", ", uncatalogued)}");
        }
    }
}
