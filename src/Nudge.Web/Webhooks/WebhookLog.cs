using Microsoft.Extensions.Logging;

namespace Nudge.Web.Webhooks;

/// <summary>The webhook dispatcher's log messages, with stable event ids. Never log secrets or signatures.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "Delivered {EventType} event {EventId} to webhook {WebhookId} (delivery {DeliveryId})")]
    public static partial void Delivered(ILogger logger, string eventType, long eventId, long webhookId, long deliveryId);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "Delivery {DeliveryId} to webhook {WebhookId} failed (attempt {Attempt}): {Error}; trying again at {NextAttemptAt:u}")]
    public static partial void AttemptFailed(ILogger logger, long deliveryId, long webhookId, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Delivery {DeliveryId} to webhook {WebhookId} gave up after {Attempt} attempts: {Error}")]
    public static partial void GaveUp(ILogger logger, long deliveryId, long webhookId, int attempt, string error);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "A webhook round failed; trying again next round")]
    public static partial void RoundFailed(ILogger logger, Exception exception);
}
