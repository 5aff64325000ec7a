using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Nudge.Web.Push;

/// <summary>
/// <c>POST /push/gmail?token=…</c>: the endpoint of a Pub/Sub push subscription on the topic Gmail publishes the
/// mailboxes' changes to (<c>users.watch</c>). A notification only wakes the worker, which then reads the history from
/// its stored checkpoint: a push carries no mail, and a lost or forged one changes nothing but the time of a read.
/// </summary>
/// <remarks>
/// The push subscription's URL carries a secret token (Google's advice for push endpoints), compared in constant time.
/// Answers 204 when the notification was taken, 400 for a body that is not a Gmail notification (Pub/Sub then stops
/// retrying it only after its retention; nothing is lost, since polling reads the history anyway), 403 for a wrong token.
/// </remarks>
public static class GmailPushEndpoint
{
    /// <summary>The path of the endpoint.</summary>
    public const string Path = "/push/gmail";

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="token">The secret the subscription's URL carries as <c>?token=</c>.</param>
    /// <param name="onNotification">Called for each valid notification (wake the worker); must not block.</param>
    public static RouteHandlerBuilder MapGmailPush(this IEndpointRouteBuilder endpoints, string token, Action<GmailPushNotification> onNotification)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(onNotification);
        var expected = Encoding.UTF8.GetBytes(token);
        return endpoints.MapPost(Path, async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var given = Encoding.UTF8.GetBytes(request.Query["token"].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            if (await ReadAsync(request, cancellationToken) is not { } notification)
            {
                return Results.BadRequest();
            }

            onNotification(notification);
            return Results.NoContent();
        });
    }

    private static async Task<GmailPushNotification?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await JsonSerializer.DeserializeAsync(request.Body, PushJsonContext.Default.PushEnvelope, cancellationToken);
            if (envelope?.Message?.Data is not { Length: > 0 } data)
            {
                return null;
            }

            var json = Convert.FromBase64String(data);
            var push = JsonSerializer.Deserialize(json, PushJsonContext.Default.PushData);
            return push?.EmailAddress is { Length: > 0 } email ? new GmailPushNotification(email, push.HistoryId) : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }
}
