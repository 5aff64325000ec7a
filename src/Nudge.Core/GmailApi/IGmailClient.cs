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
    /// <see cref="GetMessageAsync"/>.
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

    /// <summary><c>messages.list</c> with a Gmail search query, one page.</summary>
    Task<GmailMessageList> ListMessagesAsync(string? query, string? pageToken, int? maxResults, CancellationToken cancellationToken);

    /// <summary><c>threads.get</c>.</summary>
    Task<GmailThread> GetThreadAsync(string id, MessageFormat format, IReadOnlyList<string>? metadataHeaders, CancellationToken cancellationToken);

    /// <summary>
    /// <c>history.list</c> of added messages after <paramref name="startHistoryId"/>, one page. Throws a
    /// <see cref="GmailApiException"/> with status 404 when the id is too old for Gmail to keep.
    /// </summary>
    Task<GmailHistoryList> ListHistoryAsync(ulong startHistoryId, string? pageToken, CancellationToken cancellationToken);
}
