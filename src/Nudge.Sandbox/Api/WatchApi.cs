using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Wire;

namespace Nudge.Sandbox.Api;

/// <summary>users.watch and users.stop. The watch is recorded (and persisted) but no Pub/Sub message is published.</summary>
internal static partial class WatchApi
{
    // "You must re-call watch at least every 7 days" (GMAIL-FACTS §5.7).
    private static readonly TimeSpan WatchLifetime = TimeSpan.FromDays(7);

    public static void MapWatchApi(this RouteGroupBuilder users, SandboxState state)
    {
        Func<HttpContext, Task<IResult>> watch = http => WatchAsync(http, state);
        users.MapPost("watch", watch).WithMetadata(new GmailRpc("Watch"));
        users.MapPost("stop", (HttpContext http) => Stop(http, state)).WithMetadata(new GmailRpc("Stop"));
    }

    private static async Task<IResult> WatchAsync(HttpContext http, SandboxState state)
    {
        var (request, error) = await JsonBody.ReadAsync(http.Request, ExtrasJson.Context.WatchRequest);
        if (request is null)
        {
            return error!;
        }

        if (request.TopicName is not { } topic || !TopicPattern().IsMatch(topic))
        {
            // Wording guessed from reports; Google also checks that the topic exists and that Gmail may publish to it.
            return GoogleErrors.InvalidArgument("Invalid topicName does not match projects/SOME-PROJECT/topics/*");
        }

        var behavior = request.LabelFilterBehavior ?? request.LabelFilterAction;
        var mailbox = http.Mailbox();
        var expiration = (state.Time.GetUtcNow() + WatchLifetime).ToUnixTimeMilliseconds();
        WatchRegistration registration;
        lock (mailbox.Gate)
        {
            if (LabelRules.FirstUnknown(mailbox, request.LabelIds ?? []) is { } unknown)
            {
                return GoogleErrors.InvalidArgument("Invalid label: " + unknown);
            }

            registration = new WatchRegistration(topic, request.LabelIds ?? [], behavior, mailbox.HistoryId, expiration);
            mailbox.Extras.Watch = registration;
        }

        state.Save();
        return Results.Json(
            new WatchResponse(
                registration.HistoryId.ToString(CultureInfo.InvariantCulture),
                registration.Expiration.ToString(CultureInfo.InvariantCulture)),
            ExtrasJson.Context.WatchResponse);
    }

    private static IResult Stop(HttpContext http, SandboxState state)
    {
        var mailbox = http.Mailbox();
        lock (mailbox.Gate)
        {
            mailbox.Extras.Watch = null;
        }

        state.Save();
        return Results.NoContent();
    }

    [GeneratedRegex("^projects/[^/]+/topics/[^/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicPattern();
}
