namespace Nudge.IntegrationTests.Web;

/// <summary>A POST a <see cref="WebhookReceiver"/> got.</summary>
/// <param name="Signature">Its <c>Nudge-Signature</c> header.</param>
/// <param name="Delivery">Its <c>Nudge-Delivery</c> header.</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="Body">Its raw body, as signed.</param>
internal sealed record ReceivedWebhook(string Signature, string Delivery, string? ContentType, string Body);
