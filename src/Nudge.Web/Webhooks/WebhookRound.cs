namespace Nudge.Web.Webhooks;

/// <summary>What one round of the <see cref="WebhookDispatcher"/> did.</summary>
/// <param name="Enqueued">Deliveries made for new events.</param>
/// <param name="Delivered">Deliveries a receiver took (2xx).</param>
/// <param name="Retrying">Attempts that failed and will be tried again.</param>
/// <param name="GivenUp">Deliveries that failed their last attempt.</param>
public sealed record WebhookRound(int Enqueued, int Delivered, int Retrying, int GivenUp);
