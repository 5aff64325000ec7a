using System.Security.Cryptography;
using Dapper;
using Nudge.Core.Replies;

namespace Nudge.Storage;

// Inbox sync bookkeeping, installation secrets and the templated replies of inbound rules (issue 6).
public abstract partial class SqlEngineStore
{
    public Task SetWatchExpiryAsync(long mailboxId, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command("SetWatchExpiry", new { mailboxId, expiresAt = StoreRows.ToUnixMs(expiresAt) }, cancellationToken)),
            cancellationToken);

    public async Task<byte[]> GetOrCreateSecretAsync(string name, int length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 16);
        if (await ReadSecretAsync(name, cancellationToken) is { } existing)
        {
            return existing;
        }

        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));
        var createdAt = StoreRows.ToUnixMs(_timeProvider.GetUtcNow());
        await WriteAsync(c => c.ExecuteAsync(Command("AddSecret", new { name, value = candidate, createdAt }, cancellationToken)), cancellationToken);

        // Another worker may have created it first: the stored one is the one everybody uses.
        return await ReadSecretAsync(name, cancellationToken)
            ?? throw new InvalidOperationException($"The secret '{name}' could not be stored.");
    }

    private async Task<byte[]?> ReadSecretAsync(string name, CancellationToken cancellationToken)
    {
        var value = await ReadAsync(c => c.QuerySingleOrDefaultAsync<string?>(Command("GetSecret", new { name }, cancellationToken)), cancellationToken);
        return value is null ? null : Convert.FromBase64String(value);
    }

    public async Task<long?> AddRuleReplyAsync(RuleReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var parameters = new
        {
            ruleName = reply.RuleName,
            mailboxId = reply.MailboxId,
            inboundMessageId = reply.InboundMessageId,
            threadId = reply.ThreadId,
            sender = reply.Sender.ToLowerInvariant(),
            senderName = reply.SenderName,
            subject = reply.Subject,
            rfcMessageId = reply.RfcMessageId,
            references = reply.References,
            receivedAt = StoreRows.ToUnixMs(reply.ReceivedAt),
            state = (int)reply.State,
            dueAt = StoreRows.ToUnixMs(reply.DueAt),
            detail = reply.Detail,
            createdAt = StoreRows.ToUnixMs(reply.CreatedAt),
        };
        return await WriteAsync(
            c => c.QuerySingleOrDefaultAsync<long?>(Command("AddRuleReply", parameters, cancellationToken)), cancellationToken);
    }

    public async Task<bool> HasRuleReplyInThreadAsync(long mailboxId, string ruleName, string threadId, CancellationToken cancellationToken) =>
        await ReadAsync(
            c => c.ExecuteScalarAsync<long>(Command("CountRuleRepliesInThread", new { mailboxId, ruleName, threadId }, cancellationToken)),
            cancellationToken) > 0;

    public async Task<DateTimeOffset?> LastRuleReplyToSenderAsync(long mailboxId, string ruleName, string sender, CancellationToken cancellationToken)
    {
        var last = await ReadAsync(
            c => c.ExecuteScalarAsync<long?>(Command(
                "LastRuleReplyToSender", new { mailboxId, ruleName, sender = sender.ToLowerInvariant() }, cancellationToken)),
            cancellationToken);
        return StoreRows.FromUnixMs(last);
    }

    public async Task<IReadOnlyList<RuleReply>> ListWaitingRuleRepliesAsync(long mailboxId, DateTimeOffset now, int limit,
        CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(
            c => c.QueryAsync<RuleReplyRow>(Command(
                "ListWaitingRuleReplies", new { mailboxId, now = StoreRows.ToUnixMs(now), limit }, cancellationToken)),
            cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }

    public async Task<bool> StartRuleReplyAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        // Durable, as a send's reservation: the rule's reply is sent next.
        await WriteAsync(
            c => c.ExecuteAsync(Command("StartRuleReply", new { id, at = StoreRows.ToUnixMs(at) }, cancellationToken)),
            cancellationToken, durable: true) == 1;

    public Task FinishRuleReplyAsync(long id, RuleReplyState state, string? detail, string? replyMessageId, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command(
                "FinishRuleReply", new { id, state = (int)state, detail, replyMessageId, at = StoreRows.ToUnixMs(at) }, cancellationToken)),
            cancellationToken);

    public Task AnnotateRuleReplyAsync(long id, string detail, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(c => c.ExecuteAsync(Command("AnnotateRuleReply", new { id, detail, at = StoreRows.ToUnixMs(at) }, cancellationToken)), cancellationToken);

    public Task DeferRuleReplyAsync(long id, DateTimeOffset dueAt, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command(
                "DeferRuleReply", new { id, dueAt = StoreRows.ToUnixMs(dueAt), at = StoreRows.ToUnixMs(at) }, cancellationToken)),
            cancellationToken);

    public Task ReturnRuleReplyAsync(long id, DateTimeOffset dueAt, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command(
                "ReturnRuleReply", new { id, dueAt = StoreRows.ToUnixMs(dueAt), at = StoreRows.ToUnixMs(at) }, cancellationToken)),
            cancellationToken);

    public Task<int> MarkStaleRuleRepliesAmbiguousAsync(long mailboxId, DateTimeOffset startedBefore, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        WriteAsync(
            c => c.ExecuteAsync(Command(
                "MarkStaleRuleRepliesAmbiguous",
                new { mailboxId, startedBefore = StoreRows.ToUnixMs(startedBefore), at = StoreRows.ToUnixMs(at) },
                cancellationToken)),
            cancellationToken);

    public async Task<IReadOnlyList<RuleReply>> ListRuleRepliesAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(c => c.QueryAsync<RuleReplyRow>(Command("ListRuleReplies", new { limit }, cancellationToken)), cancellationToken);
        return [.. rows.Select(r => r.ToModel())];
    }
}
