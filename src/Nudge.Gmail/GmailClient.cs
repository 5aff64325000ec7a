using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MimeKit;
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
    /// <summary>Above this many bytes a message goes through the upload endpoint rather than base64 in JSON.</summary>
    public const int SimpleUploadLimit = 5 * 1024 * 1024;

    /// <summary>The largest message <c>messages.send</c> accepts (the discovery document's 36,700,160 bytes, 35 MB).</summary>
    public const int MaxMessageSize = 35 * 1024 * 1024;

    /// <summary>Gmail's limit of calls in one batch.</summary>
    public const int MaxBatchSize = 100;

    private const string Users = "gmail/v1/users/me/";
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <param name="http">
    /// An <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the API root (Google's
    /// <c>https://gmail.googleapis.com/</c> or a sandbox's) and whose handler authenticates the requests
    /// (see <see cref="Auth.BearerTokenHandler"/>).
    /// </param>
    /// <param name="timeProvider">The clock for "retry after" times in error messages; <see cref="TimeProvider.System"/> by default.</param>
    public GmailClient(HttpClient http, TimeProvider? timeProvider = null)
    {
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("the HttpClient needs a BaseAddress: the Gmail API root URL", nameof(http));
        }

        _http = http;
        _time = timeProvider ?? TimeProvider.System;
    }

    public Task<GmailProfile> GetProfileAsync(CancellationToken cancellationToken) =>
        GetAsync(Users + "profile", GmailJsonContext.Default.GmailProfile, cancellationToken);

    public Task<GmailMessage> SendAsync(string raw, string? threadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var size = DecodedSize(raw);
        if (size > MaxMessageSize)
        {
            throw new ArgumentException(
                $"the message is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; Gmail sends at most "
                + $"{MaxMessageSize.ToString("N0", CultureInfo.InvariantCulture)} bytes (35 MB)", nameof(raw));
        }

        return size > SimpleUploadLimit
            ? UploadAsync(Users + "messages/send", raw, threadId, cancellationToken)
            : PostAsync(Users + "messages/send", JsonContent.Create(new SendMessageRequest(raw, threadId), GmailJsonContext.Default.SendMessageRequest),
                GmailJsonContext.Default.GmailMessage, mayDuplicate: true, cancellationToken);
    }

    public Task<GmailMessage> ImportAsync(string raw, string? threadId, IReadOnlyList<string> labelIds, CancellationToken cancellationToken) =>
        PostAsync(Users + "messages/import", JsonContent.Create(new SendMessageRequest(raw, threadId, labelIds), GmailJsonContext.Default.SendMessageRequest),
            GmailJsonContext.Default.GmailMessage, mayDuplicate: true, cancellationToken);

    public Task<GmailMessage> GetMessageAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders,
        CancellationToken cancellationToken) =>
        GetAsync(MessagePath(id, format, metadataHeaders), GmailJsonContext.Default.GmailMessage, cancellationToken);

    public Task<GmailMessageList> ListMessagesAsync(string? query, IReadOnlyList<string>? labelIds, bool includeSpamTrash, string? pageToken,
        int? maxResults, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(Users).Append("messages");
        var separator = '?';
        AppendParameter(url, ref separator, "q", query);
        foreach (var labelId in labelIds ?? [])
        {
            AppendParameter(url, ref separator, "labelIds", labelId);
        }

        AppendParameter(url, ref separator, "includeSpamTrash", includeSpamTrash ? "true" : null);
        AppendParameter(url, ref separator, "pageToken", pageToken);
        AppendParameter(url, ref separator, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        return GetAsync(url.ToString(), GmailJsonContext.Default.GmailMessageList, cancellationToken);
    }

    public async IAsyncEnumerable<GmailMessage> ListAllMessagesAsync(string? query, int? limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit ?? 0, nameof(limit));
        var remaining = limit ?? int.MaxValue;
        string? pageToken = null;
        while (remaining > 0)
        {
            // Ask for no more than we will yield: every listed message costs quota.
            var page = await ListMessagesAsync(query, null, false, pageToken, Math.Min(remaining, 500), cancellationToken);
            foreach (var message in page.Messages ?? [])
            {
                yield return message;
                if (--remaining == 0)
                {
                    yield break;
                }
            }

            pageToken = page.NextPageToken;
            if (pageToken is null)
            {
                yield break;
            }
        }
    }

    public Task<GmailMessage> ModifyMessageAsync(string id, IReadOnlyList<string>? addLabelIds, IReadOnlyList<string>? removeLabelIds,
        CancellationToken cancellationToken) =>
        PostAsync(Users + "messages/" + Uri.EscapeDataString(id) + "/modify",
            JsonContent.Create(new ModifyMessageRequest(addLabelIds, removeLabelIds), GmailJsonContext.Default.ModifyMessageRequest),
            GmailJsonContext.Default.GmailMessage, mayDuplicate: false, cancellationToken);

    public async Task<IReadOnlyList<GmailBatchResult>> BatchGetMetadataAsync(IReadOnlyList<string> ids, IReadOnlyList<string> metadataHeaders,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(metadataHeaders);
        var results = new List<GmailBatchResult>(ids.Count);
        for (var start = 0; start < ids.Count; start += MaxBatchSize)
        {
            var chunk = ids.Skip(start).Take(MaxBatchSize).ToList();
            results.AddRange(await BatchGetMetadataChunkAsync(chunk, metadataHeaders, cancellationToken));
        }

        return results;
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

    public Task<GmailThreadList> ListThreadsAsync(string? query, string? pageToken, int? maxResults, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(Users).Append("threads");
        var separator = '?';
        AppendParameter(url, ref separator, "q", query);
        AppendParameter(url, ref separator, "pageToken", pageToken);
        AppendParameter(url, ref separator, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        return GetAsync(url.ToString(), GmailJsonContext.Default.GmailThreadList, cancellationToken);
    }

    public Task<GmailHistoryList> ListHistoryAsync(ulong startHistoryId, IReadOnlyList<GmailHistoryType>? historyTypes, string? labelId,
        string? pageToken, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(Users).Append("history");
        var separator = '?';
        AppendParameter(url, ref separator, "startHistoryId", startHistoryId.ToString(CultureInfo.InvariantCulture));
        foreach (var type in historyTypes ?? [])
        {
            AppendParameter(url, ref separator, "historyTypes", type switch
            {
                GmailHistoryType.MessageAdded => "messageAdded",
                GmailHistoryType.MessageDeleted => "messageDeleted",
                GmailHistoryType.LabelAdded => "labelAdded",
                GmailHistoryType.LabelRemoved => "labelRemoved",
                _ => throw new ArgumentOutOfRangeException(nameof(historyTypes), type, null),
            });
        }

        AppendParameter(url, ref separator, "labelId", labelId);
        AppendParameter(url, ref separator, "pageToken", pageToken);
        return GetAsync(url.ToString(), GmailJsonContext.Default.GmailHistoryList, cancellationToken);
    }

    public async IAsyncEnumerable<GmailHistoryList> ListAllHistoryAsync(ulong startHistoryId, IReadOnlyList<GmailHistoryType>? historyTypes,
        string? labelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            // A page may carry a nextPageToken and no history (GMAIL-FACTS §5.4): keep going until there is no token.
            var page = await ListHistoryAsync(startHistoryId, historyTypes, labelId, pageToken, cancellationToken);
            yield return page;
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);
    }

    public Task<GmailDraft> CreateDraftAsync(string raw, string? threadId, CancellationToken cancellationToken) =>
        // A lost answer may hide a created draft: a second create would leave a duplicate draft, not a duplicate mail.
        PostAsync(Users + "drafts", JsonContent.Create(new DraftRequest(Message: new SendMessageRequest(raw, threadId)), GmailJsonContext.Default.DraftRequest),
            GmailJsonContext.Default.GmailDraft, mayDuplicate: true, cancellationToken);

    public Task<GmailDraft> GetDraftAsync(string id, MessageFormat format, CancellationToken cancellationToken) =>
        GetAsync(Users + "drafts/" + Uri.EscapeDataString(id) + FormatQuery(format, null), GmailJsonContext.Default.GmailDraft, cancellationToken);

    public Task<GmailDraftList> ListDraftsAsync(string? pageToken, int? maxResults, CancellationToken cancellationToken)
    {
        var url = new StringBuilder(Users).Append("drafts");
        var separator = '?';
        AppendParameter(url, ref separator, "pageToken", pageToken);
        AppendParameter(url, ref separator, "maxResults", maxResults?.ToString(CultureInfo.InvariantCulture));
        return GetAsync(url.ToString(), GmailJsonContext.Default.GmailDraftList, cancellationToken);
    }

    public Task<GmailMessage> SendDraftAsync(string draftId, CancellationToken cancellationToken) =>
        PostAsync(Users + "drafts/send", JsonContent.Create(new DraftRequest(Id: draftId), GmailJsonContext.Default.DraftRequest),
            GmailJsonContext.Default.GmailMessage, mayDuplicate: true, cancellationToken);

    public async Task DeleteDraftAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Users + "drafts/" + Uri.EscapeDataString(id));
        using var response = await SendCheckedAsync(request, mayDuplicate: false, cancellationToken);
    }

    public async Task<IReadOnlyList<GmailLabel>> ListLabelsAsync(CancellationToken cancellationToken) =>
        (await GetAsync(Users + "labels", GmailJsonContext.Default.ListLabelsResponse, cancellationToken)).Labels ?? [];

    public Task<GmailLabel> CreateLabelAsync(string name, CancellationToken cancellationToken) =>
        PostAsync(Users + "labels", JsonContent.Create(new CreateLabelRequest(name), GmailJsonContext.Default.CreateLabelRequest),
            GmailJsonContext.Default.GmailLabel, mayDuplicate: false, cancellationToken);

    public async Task<IReadOnlyList<GmailSendAs>> ListSendAsAsync(CancellationToken cancellationToken) =>
        (await GetAsync(Users + "settings/sendAs", GmailJsonContext.Default.ListSendAsResponse, cancellationToken)).SendAs ?? [];

    public Task<GmailWatchResponse> WatchAsync(string topicName, IReadOnlyList<string>? labelIds, CancellationToken cancellationToken) =>
        PostAsync(Users + "watch", JsonContent.Create(new WatchRequest(topicName, labelIds), GmailJsonContext.Default.WatchRequest),
            GmailJsonContext.Default.GmailWatchResponse, mayDuplicate: false, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Users + "stop");
        using var response = await SendCheckedAsync(request, mayDuplicate: false, cancellationToken);
    }

    private async Task<GmailMessage> UploadAsync(string path, string raw, string? threadId, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(raw.AsSpan().TrimEnd('='));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("raw is not base64url", nameof(raw), ex);
        }

        // Google's multipart upload is multipart/related: the Message's JSON metadata, then the media itself.
        var metadata = JsonContent.Create(new UploadMetadata(threadId), GmailJsonContext.Default.UploadMetadata);
        var media = new ByteArrayContent(bytes);
        media.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var content = new MultipartContent("related", "nudge_" + Guid.NewGuid().ToString("N")) { metadata, media };
        return await PostAsync("upload/" + path + "?uploadType=multipart", content, GmailJsonContext.Default.GmailMessage, mayDuplicate: true,
            cancellationToken);
    }

    private async Task<IReadOnlyList<GmailBatchResult>> BatchGetMetadataChunkAsync(List<string> ids, IReadOnlyList<string> metadataHeaders,
        CancellationToken cancellationToken)
    {
        // Each part is a whole HTTP request with a path-only target; the outer Authorization applies to all of them.
        var content = new MultipartContent("mixed", "batch_" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < ids.Count; i++)
        {
            var target = new Uri(_http.BaseAddress!, MessagePath(ids[i], MessageFormat.Metadata, metadataHeaders)).PathAndQuery;
            var part = new StringContent("GET " + target + "\r\n\r\n", Encoding.UTF8);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/http");
            part.Headers.Add("Content-ID", "<" + (i + 1).ToString(CultureInfo.InvariantCulture) + ">");
            content.Add(part);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "batch/gmail/v1") { Content = content };
        using var response = await SendCheckedAsync(request, mayDuplicate: false, cancellationToken);
        var what = $"{request.Method} {request.RequestUri}";
        var mediaType = response.Content.Headers.ContentType?.ToString()
            ?? throw new GmailApiException($"{what} answered without a Content-Type", response.StatusCode, null, false, false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (await MimeEntity.LoadAsync(ContentType.Parse(mediaType), stream, cancellationToken) is not Multipart multipart)
        {
            throw new GmailApiException($"{what} answered {mediaType}, not multipart/mixed", response.StatusCode, null, false, false);
        }

        var answers = new Dictionary<int, MimePart>();
        foreach (var part in multipart.OfType<MimePart>())
        {
            if (ResponseIndex(part.ContentId ?? part.Headers[HeaderId.ContentId]) is { } index)
            {
                answers[index] = part;
            }
        }

        var results = new List<GmailBatchResult>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var partWhat = $"GET {MessagePath(ids[i], MessageFormat.Metadata, metadataHeaders)} (in a batch)";
            results.Add(answers.TryGetValue(i + 1, out var answer)
                ? ReadBatchPart(ids[i], partWhat, answer, response.Headers.Date)
                : new GmailBatchResult(ids[i], null, new GmailApiException($"{partWhat} got no answer in the batch", null, null, true, false)));
        }

        return results;
    }

    // "<response-7>", "response-7" or MimeKit's unbracketed "response-7" all name request 7.
    private static int? ResponseIndex(string? contentId)
    {
        var id = contentId?.Trim().Trim('<', '>');
        return id is not null && id.StartsWith("response-", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(id.AsSpan("response-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    private GmailBatchResult ReadBatchPart(string id, string what, MimePart part, DateTimeOffset? outerDate)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? (crlf, crlf + 4)
            : text.IndexOf("\n\n", StringComparison.Ordinal) is var lf and >= 0 ? (lf, lf + 2)
            : (text.Length, text.Length);
        var lines = text[..headEnd.Item1].Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var body = text[headEnd.Item2..];
        var statusLine = lines.FirstOrDefault()?.Split(' ', 3) ?? [];
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new GmailBatchResult(id, null, new GmailApiException($"{what}: the batch answered an unreadable part", null, null, false, false));
        }

        var status = (HttpStatusCode)code;
        if (code is >= 200 and < 300)
        {
            try
            {
                var message = JsonSerializer.Deserialize(body, GmailJsonContext.Default.GmailMessage)
                    ?? throw new JsonException("empty body");
                return new GmailBatchResult(id, message, null);
            }
            catch (JsonException ex)
            {
                return new GmailBatchResult(id, null, new GmailApiException($"{what} answered {code} with an unreadable body: {ex.Message}", status,
                    null, false, false));
            }
        }

        RetryConditionHeaderValue? retryAfter = null;
        DateTimeOffset? date = outerDate;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase) && RetryConditionHeaderValue.TryParse(value, out var parsed))
            {
                retryAfter = parsed;
            }
            else if (string.Equals(name, "Date", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var partDate))
            {
                date = partDate;
            }
        }

        return new GmailBatchResult(id, null, GmailErrors.Map(what, status, body, retryAfter, date, mayDuplicate: false, _time));
    }

    private async Task<T> GetAsync<T>(string url, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendAsync(request, type, mayDuplicate: false, cancellationToken);
    }

    private async Task<T> PostAsync<T>(string url, HttpContent body, JsonTypeInfo<T> type, bool mayDuplicate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body };
        return await SendAsync(request, type, mayDuplicate, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, bool mayDuplicate, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(request, mayDuplicate, cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new GmailApiException($"{request.Method} {request.RequestUri} answered an empty body", response.StatusCode, null, false, false);
    }

    /// <summary>Sends once and returns a successful answer (the caller disposes it), or throws.</summary>
    /// <param name="request">The request.</param>
    /// <param name="mayDuplicate">Whether repeating the call could repeat its effect (a send): then an outcome we did
    /// not see is ambiguous.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, bool mayDuplicate, CancellationToken cancellationToken)
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

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw GmailErrors.Map(what, response.StatusCode, body, response.Headers.RetryAfter, response.Headers.Date, mayDuplicate, _time);
        }
    }

    // Base64 carries 3 bytes per 4 characters; padding (if any) carries none.
    private static long DecodedSize(string raw) => raw.AsSpan().TrimEnd('=').Length * 3L / 4;

    private static string MessagePath(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders) =>
        Users + "messages/" + Uri.EscapeDataString(id) + FormatQuery(format, metadataHeaders);

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
}
