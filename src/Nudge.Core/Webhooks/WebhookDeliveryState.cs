namespace Nudge.Core.Webhooks;

/// <summary>Where a webhook delivery stands (the <c>webhook_deliveries.state</c> column).</summary>
public enum WebhookDeliveryState
{
    /// <summary>Not delivered yet: due at its next attempt.</summary>
    Pending = 0,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 1,

    /// <summary>Given up after the last attempt allowed.</summary>
    Failed = 2,
}
