using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Api;

/// <summary>Maps the Gmail v1 surface the sandbox implements, under Google's paths.</summary>
internal static class GmailApi
{
    public static void MapGmailApi(this WebApplication app, SandboxState state)
    {
        var filter = new GmailAuthFilter(state);
        var users = app.MapGroup("gmail/v1/users/{userId}").AddEndpointFilter(filter);
        var uploads = app.MapGroup("upload/gmail/v1/users/{userId}").AddEndpointFilter(filter);

        users.MapProfileApi();
        users.MapMessagesApi(uploads, state);
        users.MapThreadsApi(state);
        users.MapHistoryApi(state);

        // Anything else under Google's prefixes gets Google's 404 envelope rather than an empty ASP.NET 404.
        app.MapFallback("gmail/v1/{**rest}", () => GoogleErrors.NotFound());
        app.MapFallback("upload/gmail/v1/{**rest}", () => GoogleErrors.NotFound());
    }
}
