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

        public Task<GmailMessageList> ListMessagesAsync(string? query, string? pageToken, int? maxResults, CancellationToken cancellationToken) =>
            inner.ListMessagesAsync(query, pageToken, maxResults, cancellationToken);

        public Task<GmailThread> GetThreadAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders,
            CancellationToken cancellationToken) => inner.GetThreadAsync(id, format, metadataHeaders, cancellationToken);

        public Task<GmailHistoryList> ListHistoryAsync(ulong startHistoryId, string? pageToken, CancellationToken cancellationToken) =>
            inner.ListHistoryAsync(startHistoryId, pageToken, cancellationToken);
    }
}
