namespace Nudge.Core.GmailApi;

/// <summary>
/// The outcome of one call inside a batch: exactly one of <see cref="Message"/> and <see cref="Error"/> is set. A
/// batch answers 200 even when some of its calls fail (404, 429), so each part is retried or skipped on its own.
/// </summary>
/// <param name="Id">The message id asked for.</param>
/// <param name="Message">The message, when that call succeeded.</param>
/// <param name="Error">Why that call failed.</param>
public sealed record GmailBatchResult(string Id, GmailMessage? Message, GmailApiException? Error)
{
    /// <summary>Whether the call succeeded.</summary>
    public bool IsSuccess => Message is not null;
}
