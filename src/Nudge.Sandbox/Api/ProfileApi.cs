using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.getProfile.</summary>
internal static class ProfileApi
{
    public static void MapProfileApi(this RouteGroupBuilder users) =>
        users.MapGet("profile", (HttpContext http) =>
            {
                var mailbox = http.Mailbox();
                ProfileResource profile;
                lock (mailbox.Gate)
                {
                    profile = new ProfileResource(
                        mailbox.Email,
                        mailbox.Messages.Count,
                        mailbox.ThreadCount,
                        mailbox.HistoryId.ToString(CultureInfo.InvariantCulture));
                }

                return Results.Json(profile, SandboxJson.Context.ProfileResource);
            })
            .WithMetadata(new GmailRpc("GetProfile"));
}
