namespace Nudge.Web.Api;

/// <summary>A line of a webhook's delivery log.</summary>
/// <param name="Id">The delivery's id (its <c>Nudge-Delivery</c> header, the same on every attempt).</param>
/// <param name="EventId">The event's id (the body's <c>id</c>).</param>
/// <param name="Type">The event's type.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c> (given up).</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried next.</param>
/// <param name="LastStatus">The HTTP status of the last attempt, when the receiver answered.</param>
/// <param name="LastError">What went wrong with the last attempt, when something did.</param>
/// <param name="CreatedAt">When the delivery was made.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
public sealed record WebhookDeliveryView(long Id, long EventId, string Type, string State, int Attempts, DateTimeOffset? NextAttemptAt,
    int? LastStatus, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);
