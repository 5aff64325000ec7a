using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nudge.Core.GmailApi;
using Nudge.Gmail.Wire;

namespace Nudge.Gmail;

/// <summary>
/// A typed client for the Gmail v1 REST API, for one mailbox (<c>userId = me</c>). The same code talks to Google and
/// to the Gmail sandbox: only the base address differs. It never retries anything itself; every failure becomes a
/// <see cref="GmailApiException"/> saying whether it is transient and whether a send may have taken effect.
/// </summary>
public sealed class GmailClient : IGmailClient
{
    private const string Users = "gmail/v1/users/me/";
    private readonly HttpClient _http;

    /// <param name="http">
    /// An <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the API root (Google's
    /// <c>https://gmail.googleapis.com/</c> or a sandbox's) and whose handler authenticates the requests
    /// (see <see cref="Auth.BearerTokenHandler"/>).
    /// </param>
    public GmailClient(HttpClient http)
    {
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress: the Gmail API root URL", nameof(http));
        }

        _http = http;
    }

    public Task<GmailProfile> GetProfileAsync(CancellationToken cancellationToken) =>
        GetAsync(Users + "profile", GmailJsonContext.Default.GmailProfile, cancellationToken);

    public Task<GmailMessage> SendAsync(string raw, string? threadId, CancellationToken cancellationToken) =>
        PostAsync(Users + "messages/send", new SendMessageRequest(raw, threadId), mayDuplicate: true, cancellationToken);

    public Task<GmailMessage> ImportAsync(string raw, string? threadId, IReadOnlyList<string> labelIds, CancellationToken cancellationToken) =>
        PostAsync(Users + "messages/import", new SendMessageRequest(raw, threadId, labelIds), mayDuplicate: true, cancellationToken);

    public Task<GmailMessage> GetMessageAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders,
        CancellationToken cancellationToken) =>
        GetAsync(Users + "messages/" + Uri.EscapeDataString(id) + FormatQuery(format, metadataHeaders), GmailJsonContext.Default.GmailMessage,
            cancellationToken);

    public Task<GmailMessageList> ListMessagesAsync(string? query, string? pageToken, int? maxResults, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(Users).Append("messages");
        var separator = '?';
        AppendParameter(url, ref separator, "q", query);
        AppendParameter(url, ref separator, "pageToken", pageToken);
        AppendParameter(url, ref separator, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        return GetAsync(url.ToString(), GmailJsonContext.Default.GmailMessageList, cancellationToken);
    }

    public Task<GmailThread> GetThreadAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders,
        CancellationToken cancellationToken)
    {
        if (format == MessageFormat.Raw)
        {
            throw new ArgumentException("threads.get has no raw format", nameof(format));
        }

        return GetAsync(Users + "threads/" + Uri.EscapeDataString(id) + FormatQuery(format, metadataHeaders), GmailJsonContext.Default.GmailThread,
            cancellationToken);
    }

    public Task<GmailHistoryList> ListHistoryAsync(ulong startHistoryId, string? pageToken, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(Users).Append("history");
        var separator = '?';
        AppendParameter(url, ref separator, "startHistoryId", startHistoryId.ToString(CultureInfo.InvariantCulture));
        AppendParameter(url, ref separator, "historyTypes", "messageAdded");
        AppendParameter(url, ref separator, "pageToken", pageToken);
        return GetAsync(url.ToString(), GmailJsonContext.Default.GmailHistoryList, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string url, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendAsync(request, type, mayDuplicate: false, cancellationToken);
    }

    private async Task<GmailMessage> PostAsync(string url, SendMessageRequest body, bool mayDuplicate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(body, GmailJsonContext.Default.SendMessageRequest),
        };
        return await SendAsync(request, GmailJsonContext.Default.GmailMessage, mayDuplicate, cancellationToken);
    }

    /// <param name="request">The request.</param>
    /// <param name="type">What a success answers.</param>
    /// <param name="mayDuplicate">Whether repeating the call could repeat its effect (a send): then an outcome we did
    /// not see is ambiguous.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, bool mayDuplicate, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri}";
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new GmailApiException($"{what} failed before an answer arrived: {ex.Message}", null, null, isTransient: true,
                isAmbiguous: mayDuplicate, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GmailApiException($"{what} timed out", null, null, isTransient: true, isAmbiguous: mayDuplicate, innerException: ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                    ?? throw new GmailApiException($"{what} answered an empty body", response.StatusCode, null, false, false);
            }

            throw await ToExceptionAsync(what, response, mayDuplicate, cancellationToken);
        }
    }

    private static async Task<GmailApiException> ToExceptionAsync(string what, HttpResponseMessage response, bool mayDuplicate,
        CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        GoogleError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, GmailJsonContext.Default.GoogleErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            // Not Google's envelope (a proxy's HTML page, say): the status alone decides.
        }

        var status = response.StatusCode;
        var reason = error?.Errors is [var first, ..] ? first.Reason : null;
        var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            || (status == HttpStatusCode.Forbidden && reason is "rateLimitExceeded" or "userRateLimitExceeded" or "quotaExceeded");

        // A 5xx on a send may come after Gmail accepted it: only a check of the SENT folder can tell.
        var ambiguous = mayDuplicate && (int)status >= 500;
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when response.Headers.Date is { } now => date - now,
            _ => (TimeSpan?)null,
        };

        var message = $"{what} answered {(int)status} {reason ?? status.ToString()}: {error?.Message ?? Truncate(body)}";
        return new GmailApiException(message, status, reason, transient, ambiguous, retryAfter);
    }

    private static string FormatQuery(MessageFormat format, IReadOnlyList<string>? metadataHeaders)
    {
        var url = new StringBuilder();
        var separator = '?';
        AppendParameter(url, ref separator, "format", format switch
        {
            MessageFormat.Minimal => "minimal",
            MessageFormat.Metadata => "metadata",
            MessageFormat.Full => "full",
            MessageFormat.Raw => "raw",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        });
        if (format == MessageFormat.Metadata)
        {
            foreach (var header in metadataHeaders ?? [])
            {
                AppendParameter(url, ref separator, "metadataHeaders", header);
            }
        }

        return url.ToString();
    }

    private static void AppendParameter(StringBuilder url, ref char separator, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
        separator = '&';
    }

    private static string Truncate(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
