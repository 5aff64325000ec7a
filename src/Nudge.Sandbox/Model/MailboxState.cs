using System.Security.Cryptography;

namespace Nudge.Sandbox.Model;

/// <summary>
/// One mailbox: its messages, threads and history. Every member except the constructor arguments must be used while
/// holding <see cref="Gate"/>; each mailbox has its own lock so that mailboxes never wait on each other.
/// </summary>
internal sealed partial class MailboxState
{
    private readonly Dictionary<string, StoredMessage> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredMessage>> _threads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredMessage>> _byMessageIdHeader = new(StringComparer.Ordinal);
    private readonly List<StoredMessage> _messages = [];
    private readonly List<HistoryRecord> _history = [];

    public MailboxState(string email, string accessToken, ulong historyId)
    {
        Email = email;
        AccessToken = accessToken;
        HistoryId = historyId;
    }

    public string Email { get; }

    public string AccessToken { get; }

    /// <summary>Gets the OAuth grant (kind, scopes, refresh token, client); set once when the mailbox is created or loaded.</summary>
    public Auth.OAuthGrant Grant { get; init; } = Auth.OAuthGrant.Create(SandboxAccountKind.Gmail, scopes: null);

    /// <summary>
    /// Gets the grants the mailbox's user gave the sandbox's installed-app client through the authorization-code flow,
    /// one per consent, each with its own refresh token. Use under <see cref="Gate"/>.
    /// </summary>
    public List<Auth.OAuthGrant> ConsentGrants { get; } = [];

    public Lock Gate { get; } = new();

    /// <summary>Gets the mailbox's current history id (the last one handed out).</summary>
    public ulong HistoryId { get; private set; }

    /// <summary>Gets the id of the newest expired history record; a <c>startHistoryId</c> below it has lost records.</summary>
    public ulong ExpiredThroughHistoryId { get; private set; }

    public IReadOnlyList<StoredMessage> Messages => _messages;

    public IReadOnlyList<HistoryRecord> History => _history;

    public int ThreadCount => _threads.Count;

    public StoredMessage? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<StoredMessage>? FindThread(string threadId) => _threads.GetValueOrDefault(threadId);

    /// <summary>Gets the messages whose <c>Message-ID</c> header (without brackets) is <paramref name="messageId"/>.</summary>
    public IReadOnlyList<StoredMessage> FindByMessageIdHeader(string messageId) =>
        _byMessageIdHeader.TryGetValue(messageId, out var found) ? found : [];

    /// <summary>Hands out the next history id: increasing, with random gaps as Gmail's are.</summary>
    public ulong NextHistoryId()
    {
        HistoryId += (ulong)RandomNumberGenerator.GetInt32(1, 6);
        return HistoryId;
    }

    /// <summary>Adds a message and, unless it is being reloaded from disk, its history record.</summary>
    public void Add(StoredMessage message, DateTimeOffset? historyTime)
    {
        _messages.Add(message);
        _byId.Add(message.Id, message);
        if (!_threads.TryGetValue(message.ThreadId, out var thread))
        {
            thread = [];
            _threads.Add(message.ThreadId, thread);
        }

        thread.Add(message);
        if (message.Facts.MessageId.Length > 0)
        {
            if (!_byMessageIdHeader.TryGetValue(message.Facts.MessageId, out var same))
            {
                same = [];
                _byMessageIdHeader.Add(message.Facts.MessageId, same);
            }

            same.Add(message);
        }

        if (historyTime is { } time)
        {
            _history.Add(new HistoryRecord(message.HistoryId, time, message.Id, message.ThreadId, message.LabelIds));
        }
    }

    /// <summary>Restores persisted history bookkeeping (used by the state file loader only).</summary>
    public void Restore(ulong historyId, ulong expiredThroughHistoryId, IEnumerable<HistoryRecord> history)
    {
        HistoryId = historyId;
        ExpiredThroughHistoryId = expiredThroughHistoryId;
        _history.AddRange(history);
    }

    /// <summary>Drops history records older than <paramref name="cutoff"/>, remembering the newest dropped id.</summary>
    public void ExpireHistory(DateTimeOffset cutoff)
    {
        var expired = 0;
        while (expired < _history.Count && _history[expired].Time < cutoff)
        {
            ExpiredThroughHistoryId = _history[expired].Id;
            expired++;
        }

        _history.RemoveRange(0, expired);
    }
}
