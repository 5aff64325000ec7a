namespace Nudge.Core.Webhooks;

/// <summary>A delivery to make for one event: its id, its type and the JSON body every attempt sends.</summary>
/// <param name="EventId">The enrollment event (<c>events.id</c>).</param>
/// <param name="EventType">Its webhook type (<see cref="WebhookEvents"/>).</param>
/// <param name="Payload">The JSON body (<see cref="WebhookPayload"/>).</param>
public sealed record NewWebhookDelivery(long EventId, string EventType, string Payload);
