using System.Globalization;

namespace Nudge.Sandbox.Errors;

/// <summary>
/// The errors of the sandbox's policies (scopes, quotas, injected faults), worded and shaped as GMAIL-FACTS §4
/// records Google's.
/// </summary>
internal static class PolicyErrors
{
    /// <summary>The consumer project number named in quota errors; the sandbox has no Cloud project.</summary>
    public const string ProjectNumber = "424242424242";

    private const string Global = "global";
    private const string UsageLimits = "usageLimits";
    private const string ErrorInfoType = "type.googleapis.com/google.rpc.ErrorInfo";
    private const string Service = "gmail.googleapis.com";

    public static GoogleErrorResult InsufficientScopes(string rpc) => new(new GoogleErrorBody(
        403,
        "Request had insufficient authentication scopes.",
        [new GoogleErrorItem("Insufficient Permission", Global, "insufficientPermissions")],
        "PERMISSION_DENIED",
        [
            new GoogleErrorDetail(
                ErrorInfoType,
                "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "googleapis.com",
                new Dictionary<string, string>
                {
                    ["service"] = Service,
                    ["method"] = "caribou.api.proto.MailboxService." + rpc,
                }),
        ]));

    /// <summary>The per-user per-minute quota, as observed on 403 (GMAIL-FACTS §4 "Per-minute quota, observed").</summary>
    public static GoogleErrorResult PerMinuteQuota(int limit)
    {
        var message = "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service "
            + $"'{Service}' for consumer 'project_number:{ProjectNumber}'.";
        return new(new GoogleErrorBody(
            403,
            message,
            [new GoogleErrorItem(message, UsageLimits, "rateLimitExceeded")],
            "PERMISSION_DENIED",
            [
                new GoogleErrorDetail(
                    ErrorInfoType,
                    "RATE_LIMIT_EXCEEDED",
                    "googleapis.com",
                    new Dictionary<string, string>
                    {
                        ["quota_metric"] = Service + "/default",
                        ["quota_limit"] = "defaultPerMinutePerUser",
                        ["quota_limit_value"] = limit.ToString(CultureInfo.InvariantCulture),
                        ["service"] = Service,
                        ["consumer"] = "projects/" + ProjectNumber,
                        ["quota_location"] = "global",
                    }),
            ]));
    }

    /// <summary>
    /// The daily sending limit: Gmail's backend per-user message with its two spaces and the "(Mail sending)" suffix.
    /// The domain is <c>usageLimits</c> as in the reports GMAIL-FACTS cites; no <c>Retry-After</c> header, since no
    /// source shows one (§12 item 4).
    /// </summary>
    public static GoogleErrorResult DailySendLimit(DateTimeOffset retryAfter)
    {
        var message = "User-rate limit exceeded.  Retry after "
            + retryAfter.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            + " (Mail sending)";
        return new(new GoogleErrorBody(429, message, [new GoogleErrorItem(message, UsageLimits, "rateLimitExceeded")], "RESOURCE_EXHAUSTED"));
    }

    /// <summary>The 429 variant of a rate limit (GMAIL-FACTS §4), used by injected bursts.</summary>
    public static GoogleErrorResult ResourceExhausted()
    {
        const string Message = "Resource has been exhausted (e.g. check quota).";
        return new(new GoogleErrorBody(429, Message, [new GoogleErrorItem(Message, Global, "rateLimitExceeded")], "RESOURCE_EXHAUSTED"));
    }

    public static GoogleErrorResult BackendError() =>
        new(new GoogleErrorBody(500, "Backend Error", [new GoogleErrorItem("Backend Error", Global, "backendError")], "INTERNAL"));

    public static GoogleErrorResult Unavailable()
    {
        const string Message = "The service is currently unavailable.";
        return new(new GoogleErrorBody(503, Message, [new GoogleErrorItem(Message, Global, "backendError")], "UNAVAILABLE"));
    }
}
