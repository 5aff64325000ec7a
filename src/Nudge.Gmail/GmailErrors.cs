using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nudge.Core.GmailApi;
using Nudge.Gmail.Wire;

namespace Nudge.Gmail;

/// <summary>
/// Turns a Gmail error answer (GMAIL-FACTS §4) into a <see cref="GmailApiException"/>. Shared by lone calls and by the
/// parts of a batch, which carry their own status, headers and body inside an outer 200.
/// </summary>
internal static partial class GmailErrors
{
    // Google documents userRateLimitExceeded, but the per-user limit comes back as rateLimitExceeded too, on 403 or 429;
    // dailyLimitExceeded and quotaExceeded are quotas that refill, so the same call succeeds later.
    private static readonly string[] QuotaReasons = ["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded"];

    /// <param name="what">The call, for the message (method and URL, never a token).</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body as text.</param>
    /// <param name="retryAfter">The Retry-After header, if any.</param>
    /// <param name="date">The answer's Date header, if any: Retry-After dates are measured from it.</param>
    /// <param name="mayDuplicate">Whether repeating the call could repeat its effect (a send).</param>
    /// <param name="time">The clock used when the answer carries no Date.</param>
    public static GmailApiException Map(string what, HttpStatusCode status, string body, RetryConditionHeaderValue? retryAfter,
        DateTimeOffset? date, bool mayDuplicate, TimeProvider time)
    {
        GoogleError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, GmailJsonContext.Default.GoogleErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            // Not Google's envelope (a proxy's HTML page, say): the status alone decides.
        }

        // Some errors (an undecodable raw) carry only the gRPC status; it is still better than nothing to branch on.
        var reason = error?.Errors is [{ Reason: { } first }, ..] ? first : error?.Status;
        var quota = reason is not null && QuotaReasons.Contains(reason, StringComparer.Ordinal);
        var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500
            || (status == HttpStatusCode.Forbidden && quota);

        // A 5xx on a send may come after Gmail accepted it: only a check of the SENT folder can tell. A 4xx is a
        // refusal, so nothing was sent.
        var ambiguous = mayDuplicate && (int)status >= 500;
        var now = date ?? time.GetUtcNow();
        var wait = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } until } => until - now,
            _ => RetryAfterInMessage(error?.Message) is { } until ? until - now : (TimeSpan?)null,
        };
        if (wait < TimeSpan.Zero)
        {
            // Gmail's time can be in the past already (its clock, or ours): "now" is the honest answer.
            wait = TimeSpan.Zero;
        }

        var message = $"{what} answered {(int)status} {reason ?? status.ToString()}: {error?.Message ?? Truncate(body)}";
        return new GmailApiException(message, status, reason, transient, ambiguous, wait)
        {
            IsSendingLimit = error?.Message?.Contains("(Mail sending)", StringComparison.OrdinalIgnoreCase) == true,
        };
    }

    // "User-rate limit exceeded.  Retry after 2023-03-07T18:03:15.961Z (Mail sending)" (GMAIL-FACTS §4).
    private static DateTimeOffset? RetryAfterInMessage(string? message) =>
        message is not null && RetryAfterPattern().Match(message) is { Success: true } match
            && DateTimeOffset.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until)
            ? until
            : null;

    private static string Truncate(string body) => body.Length <= 200 ? body : body[..200] + "…";

    [GeneratedRegex(@"Retry after (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RetryAfterPattern();
}
