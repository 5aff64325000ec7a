namespace Nudge.Core.Webhooks;

/// <summary>The outcome of one POST of a delivery, as recorded in its log.</summary>
/// <param name="State">Delivered, still pending (tried again at <paramref name="NextAttemptAt"/>), or given up.</param>
/// <param name="Status">The HTTP status the receiver answered, if it answered.</param>
/// <param name="Error">What went wrong, when something did.</param>
/// <param name="At">When the attempt was made.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried again.</param>
public sealed record WebhookAttempt(WebhookDeliveryState State, int? Status, string? Error, DateTimeOffset At, DateTimeOffset NextAttemptAt);
