using System.Collections.Concurrent;
using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;

namespace Nudge.IntegrationTests.Support;

/// <summary>
/// Wraps the real Gmail client factory and records every <c>raw</c> the engine sends, so that tests can check what
/// went over the wire. Every call still goes to the sandbox over HTTP.
/// </summary>
internal sealed class RecordingGmailClientFactory(IGmailClientFactory inner) : IGmailClientFactory
{
    public ConcurrentQueue<(string Raw, string? ThreadId)> Sent { get; } = new();

    public IGmailClient Create(Mailbox mailbox) => new RecordingClient(inner.Create(mailbox), Sent);

    private sealed class RecordingClient(IGmailClient inner, ConcurrentQueue<(string Raw, string? ThreadId)> sent) : IGmailClient
    {
        public Task<GmailProfile> GetProfileAsync(CancellationToken cancellationToken) => inner.GetProfileAsync(cancellationToken);

        public Task<GmailMessage> SendAsync(string raw, string? threadId, CancellationToken cancellationToken)
        {
            sent.Enqueue((raw, threadId));
            return inner.SendAsync(raw, threadId, cancellationToken);
        }

        public Task<GmailMessage> ImportAsync(string raw, string? threadId, IReadOnlyList<string> labelIds, CancellationToken cancellationToken) =>
            inner.ImportAsync(raw, threadId, labelIds, cancellationToken);

        public Task<GmailMessage> GetMessageAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders,
            CancellationToken cancellationToken) => inner.GetMessageAsync(id, format, metadataHeaders, cancellationToken);

        public Task<GmailMessageList> ListMessagesAsync(string? query, IReadOnlyList<string>? labelIds, bool includeSpamTrash, string? pageToken,
            int? maxResults, CancellationToken cancellationToken) =>
            inner.ListMessagesAsync(query, labelIds, includeSpamTrash, pageToken, maxResults, cancellationToken);

        public IAsyncEnumerable<GmailMessage> ListAllMessagesAsync(string? query, int? limit, CancellationToken cancellationToken) =>
            inner.ListAllMessagesAsync(query, limit, cancellationToken);

        public Task<GmailMessage> ModifyMessageAsync(string id, IReadOnlyList<string>? addLabelIds, IReadOnlyList<string>? removeLabelIds,
            CancellationToken cancellationToken) => inner.ModifyMessageAsync(id, addLabelIds, removeLabelIds, cancellationToken);

        public Task<IReadOnlyList<GmailBatchResult>> BatchGetMetadataAsync(IReadOnlyList<string> ids, IReadOnlyList<string> metadataHeaders,
            CancellationToken cancellationToken) => inner.BatchGetMetadataAsync(ids, metadataHeaders, cancellationToken);

        public Task<GmailThread> GetThreadAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders,
            CancellationToken cancellationToken) => inner.GetThreadAsync(id, format, metadataHeaders, cancellationToken);

        public Task<GmailThreadList> ListThreadsAsync(string? query, string? pageToken, int? maxResults, CancellationToken cancellationToken) =>
            inner.ListThreadsAsync(query, pageToken, maxResults, cancellationToken);

        public Task<GmailHistoryList> ListHistoryAsync(ulong startHistoryId, IReadOnlyList<GmailHistoryType>? historyTypes, string? labelId,
            string? pageToken, CancellationToken cancellationToken) =>
            inner.ListHistoryAsync(startHistoryId, historyTypes, labelId, pageToken, cancellationToken);

        public IAsyncEnumerable<GmailHistoryList> ListAllHistoryAsync(ulong startHistoryId, IReadOnlyList<GmailHistoryType>? historyTypes,
            string? labelId, CancellationToken cancellationToken) =>
            inner.ListAllHistoryAsync(startHistoryId, historyTypes, labelId, cancellationToken);

        public Task<GmailDraft> CreateDraftAsync(string raw, string? threadId, CancellationToken cancellationToken) =>
            inner.CreateDraftAsync(raw, threadId, cancellationToken);

        public Task<GmailDraft> GetDraftAsync(string id, MessageFormat format, CancellationToken cancellationToken) =>
            inner.GetDraftAsync(id, format, cancellationToken);

        public Task<GmailDraftList> ListDraftsAsync(string? pageToken, int? maxResults, CancellationToken cancellationToken) =>
            inner.ListDraftsAsync(pageToken, maxResults, cancellationToken);

        public Task<GmailMessage> SendDraftAsync(string draftId, CancellationToken cancellationToken) =>
            inner.SendDraftAsync(draftId, cancellationToken);

        public Task DeleteDraftAsync(string id, CancellationToken cancellationToken) => inner.DeleteDraftAsync(id, cancellationToken);

        public Task<IReadOnlyList<GmailLabel>> ListLabelsAsync(CancellationToken cancellationToken) => inner.ListLabelsAsync(cancellationToken);

        public Task<GmailLabel> CreateLabelAsync(string name, CancellationToken cancellationToken) => inner.CreateLabelAsync(name, cancellationToken);

        public Task<IReadOnlyList<GmailSendAs>> ListSendAsAsync(CancellationToken cancellationToken) => inner.ListSendAsAsync(cancellationToken);

        public Task<GmailWatchResponse> WatchAsync(string topicName, IReadOnlyList<string>? labelIds, CancellationToken cancellationToken) =>
            inner.WatchAsync(topicName, labelIds, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);
    }
}
