namespace Nudge.Core.GmailApi;

/// <summary>
/// The Gmail REST calls the engine makes, for one mailbox (<c>userId = me</c>). Implementations never retry a send by
/// themselves: a failed send throws <see cref="GmailApiException"/> saying whether it may have taken effect.
/// </summary>
public interface IGmailClient
{
    /// <summary><c>users.getProfile</c>: the address and the current history id.</summary>
    Task<GmailProfile> GetProfileAsync(CancellationToken cancellationToken);

    /// <summary>
    /// <c>messages.send</c>. To land in a thread, pass its <paramref name="threadId"/>, and the message must carry
    /// In-Reply-To/References and the thread's subject. Gmail replaces the Message-ID; read it back with
    /// <see cref="GetMessageAsync"/>. Messages above about 5 MB go through the media upload endpoint; above Gmail's
    /// 35 MB they are refused with an <see cref="ArgumentException"/> before anything is sent.
    /// </summary>
    /// <param name="raw">The whole RFC 5322 message, base64url.</param>
    /// <param name="threadId">The thread to reply in, or <see langword="null"/> for a new one.</param>
    /// <param name="cancellationToken">Cancels the call (the send may still have happened).</param>
    Task<GmailMessage> SendAsync(string raw, string? threadId, CancellationToken cancellationToken);

    /// <summary><c>messages.import</c>: puts a message in the mailbox as if it had been delivered to it.</summary>
    Task<GmailMessage> ImportAsync(string raw, string? threadId, IReadOnlyList<string> labelIds, CancellationToken cancellationToken);

    /// <summary><c>messages.get</c>.</summary>
    /// <param name="id">The Gmail message id.</param>
    /// <param name="format">How much to return.</param>
    /// <param name="metadataHeaders">With <see cref="MessageFormat.Metadata"/>, the only headers to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<GmailMessage> GetMessageAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders, CancellationToken cancellationToken);

    /// <summary><c>messages.list</c>, one page.</summary>
    /// <param name="query">A Gmail search query (<c>q</c>); not allowed with a <c>gmail.metadata</c> token.</param>
    /// <param name="labelIds">Only messages carrying all these labels.</param>
    /// <param name="includeSpamTrash">Whether to include SPAM and TRASH.</param>
    /// <param name="pageToken">The previous page's <see cref="GmailMessageList.NextPageToken"/>.</param>
    /// <param name="maxResults">The page size (Gmail's default 100, at most 500).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<GmailMessageList> ListMessagesAsync(string? query, IReadOnlyList<string>? labelIds, bool includeSpamTrash, string? pageToken,
        int? maxResults, CancellationToken cancellationToken);

    /// <summary>Every message matching <paramref name="query"/>, page after page, up to <paramref name="limit"/> (ids and threads only).</summary>
    IAsyncEnumerable<GmailMessage> ListAllMessagesAsync(string? query, int? limit, CancellationToken cancellationToken);

    /// <summary><c>messages.modify</c>: adds and removes labels (at most 100 each); answers the message with its new labels.</summary>
    Task<GmailMessage> ModifyMessageAsync(string id, IReadOnlyList<string>? addLabelIds, IReadOnlyList<string>? removeLabelIds,
        CancellationToken cancellationToken);

    /// <summary>
    /// <c>messages.get</c> with <c>format=metadata</c> for many ids through the batch endpoint (at most 100 calls per
    /// batch; longer lists take several). A call that fails inside a batch (404, 429) is reported in its
    /// <see cref="GmailBatchResult"/>; only a batch that fails as a whole throws.
    /// </summary>
    /// <returns>One result per id, in the order asked.</returns>
    Task<IReadOnlyList<GmailBatchResult>> BatchGetMetadataAsync(IReadOnlyList<string> ids, IReadOnlyList<string> metadataHeaders,
        CancellationToken cancellationToken);

    /// <summary><c>threads.get</c>.</summary>
    Task<GmailThread> GetThreadAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders, CancellationToken cancellationToken);

    /// <summary><c>threads.list</c>, one page.</summary>
    Task<GmailThreadList> ListThreadsAsync(string? query, string? pageToken, int? maxResults, CancellationToken cancellationToken);

    /// <summary>
    /// <c>history.list</c> after <paramref name="startHistoryId"/>, one page. Throws a <see cref="GmailApiException"/> with
    /// status 404 when the id is too old for Gmail to keep: then do a full sync.
    /// </summary>
    /// <param name="startHistoryId">The stored checkpoint (not the id a push notification carries).</param>
    /// <param name="historyTypes">The kinds of change to return, or <see langword="null"/> for all.</param>
    /// <param name="labelId">Only changes to messages with this label, such as <c>SENT</c>.</param>
    /// <param name="pageToken">The previous page's <see cref="GmailHistoryList.NextPageToken"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<GmailHistoryList> ListHistoryAsync(ulong startHistoryId, IReadOnlyList<GmailHistoryType>? historyTypes, string? labelId,
        string? pageToken, CancellationToken cancellationToken);

    /// <summary>
    /// Every page of <c>history.list</c> after <paramref name="startHistoryId"/>; the last page's
    /// <see cref="GmailHistoryList.HistoryId"/> is the next checkpoint.
    /// </summary>
    IAsyncEnumerable<GmailHistoryList> ListAllHistoryAsync(ulong startHistoryId, IReadOnlyList<GmailHistoryType>? historyTypes, string? labelId,
        CancellationToken cancellationToken);

    /// <summary><c>drafts.create</c> from a whole RFC 5322 message (base64url), in a thread or not.</summary>
    Task<GmailDraft> CreateDraftAsync(string raw, string? threadId, CancellationToken cancellationToken);

    /// <summary><c>drafts.get</c>. A 404 means the draft was sent or deleted.</summary>
    Task<GmailDraft> GetDraftAsync(string id, MessageFormat format, CancellationToken cancellationToken);

    /// <summary><c>drafts.list</c>, one page.</summary>
    Task<GmailDraftList> ListDraftsAsync(string? pageToken, int? maxResults, CancellationToken cancellationToken);

    /// <summary>
    /// <c>drafts.send</c>: sends the draft, which then no longer exists. Like <see cref="SendAsync"/>, a failure may be
    /// ambiguous and the call is never retried.
    /// </summary>
    Task<GmailMessage> SendDraftAsync(string draftId, CancellationToken cancellationToken);

    /// <summary><c>drafts.delete</c>: removes the draft for good (it is not trashed).</summary>
    Task DeleteDraftAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>labels.list</c>: the system and user labels, without counts.</summary>
    Task<IReadOnlyList<GmailLabel>> ListLabelsAsync(CancellationToken cancellationToken);

    /// <summary><c>labels.create</c> with Gmail's default visibility. A name already in use answers 409.</summary>
    Task<GmailLabel> CreateLabelAsync(string name, CancellationToken cancellationToken);

    /// <summary><c>settings.sendAs.list</c>: the addresses this mailbox may put in <c>From</c>.</summary>
    Task<IReadOnlyList<GmailSendAs>> ListSendAsAsync(CancellationToken cancellationToken);

    /// <summary><c>users.watch</c>: Gmail publishes the mailbox's changes to a Pub/Sub topic of the calling project.</summary>
    /// <param name="topicName"><c>projects/&lt;project&gt;/topics/&lt;topic&gt;</c>.</param>
    /// <param name="labelIds">Only changes to messages with these labels, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<GmailWatchResponse> WatchAsync(string topicName, IReadOnlyList<string>? labelIds, CancellationToken cancellationToken);

    /// <summary><c>users.stop</c>: ends the push notifications.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
