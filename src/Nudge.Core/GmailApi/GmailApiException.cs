using System.Net;

namespace Nudge.Core.GmailApi;

/// <summary>
/// A call to the Gmail API failed. Says what to do next: <see cref="IsTransient"/> (try again later, after
/// <see cref="RetryAfter"/> if given), and <see cref="IsAmbiguous"/> (the call may have taken effect, so a send must be
/// reconciled, never blindly repeated).
/// </summary>
public sealed class GmailApiException : Exception
{
    public GmailApiException(string message, HttpStatusCode? statusCode, string? reason, bool isTransient, bool isAmbiguous,
        TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
        IsTransient = isTransient;
        IsAmbiguous = isAmbiguous;
        RetryAfter = retryAfter;
    }

    public GmailApiException()
        : this("The Gmail API call failed.", null, null, false, false)
    {
    }

    public GmailApiException(string message)
        : this(message, null, null, false, false)
    {
    }

    public GmailApiException(string message, Exception innerException)
        : this(message, null, null, false, false, null, innerException)
    {
    }

    /// <summary>The HTTP status, or <see langword="null"/> when no response arrived (timeout, connection reset).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Google's <c>errors[0].reason</c>, such as <c>notFound</c>, <c>rateLimitExceeded</c>, <c>invalidArgument</c>.</summary>
    public string? Reason { get; }

    /// <summary>Whether the same call may succeed later (429, 5xx, quota, network).</summary>
    public bool IsTransient { get; }

    /// <summary>Whether the call may have taken effect although it failed (a send that timed out or got a 5xx).</summary>
    public bool IsAmbiguous { get; }

    /// <summary>How long Gmail asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Whether this is the mailbox's daily sending limit ("… (Mail sending)"), which holds every send of the mailbox
    /// until the rolling window frees, not just this one.
    /// </summary>
    public bool IsSendingLimit { get; init; }
}
