namespace Nudge.Web.Api;

/// <summary>The body of <c>POST /api/v1/webhooks</c>.</summary>
/// <param name="Url">Where to POST the events: an absolute http or https URL (required).</param>
/// <param name="Events">
/// The events to receive, among <c>replied</c>, <c>bounced</c>, <c>unsubscribed</c>, <c>completed</c>, <c>failed</c> and
/// <c>stopped</c>; all of them when not given.
/// </param>
public sealed record WebhookBody(string? Url, List<string>? Events);
