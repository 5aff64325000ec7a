namespace Nudge.Core.Webhooks;

/// <summary>One event on its way to one webhook, and how its attempts went.</summary>
/// <param name="Id">Store id: the <c>Nudge-Delivery</c> header, the same on every attempt, so that a receiver can drop duplicates.</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="EventId">The enrollment event (<c>events.id</c>) delivered.</param>
/// <param name="EventType">Its type (<see cref="WebhookEvents"/>).</param>
/// <param name="Payload">The JSON body, fixed when the delivery was made, so that every attempt sends the same bytes.</param>
/// <param name="State">Pending, delivered or given up.</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried next.</param>
/// <param name="LastStatus">The HTTP status of the last attempt; <see langword="null"/> when none answered (refused, timed out).</param>
/// <param name="LastError">What went wrong with the last attempt, when something did.</param>
/// <param name="CreatedAt">When the delivery was made.</param>
/// <param name="DeliveredAt">When a 2xx came back.</param>
public sealed record WebhookDelivery(
    long Id,
    long WebhookId,
    long EventId,
    string EventType,
    string Payload,
    WebhookDeliveryState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);
