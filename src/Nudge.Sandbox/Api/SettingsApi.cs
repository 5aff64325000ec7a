using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.settings.sendAs.list: the primary address only (the sandbox has no aliases).</summary>
internal static class SettingsApi
{
    public static void MapSettingsApi(this RouteGroupBuilder users) =>
        users.MapGet("settings/sendAs", (HttpContext http) =>
            {
                // The primary address carries no verificationStatus (GMAIL-FACTS §9).
                var primary = new SendAsResource { SendAsEmail = http.Mailbox().Email, IsPrimary = true, IsDefault = true };
                return Results.Json(new ListSendAsResponse { SendAs = [primary] }, ExtrasJson.Context.ListSendAsResponse);
            })
            .WithMetadata(new GmailRpc("ListSendAs"));
}
