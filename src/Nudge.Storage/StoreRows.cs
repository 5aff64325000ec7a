using System.Reflection;
using System.Text.Json;
using Dapper;
using Nudge.Core.Abstractions;
using Nudge.Core.Accounts;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;
using Nudge.Core.Replies;
using Nudge.Core.Webhooks;

namespace Nudge.Storage;

// Rows as both dialects return them. Instants are Unix milliseconds UTC and every integer is read as a long, so that
// one mapping serves SQLite (which returns INTEGER as Int64) and PostgreSQL (bigint and integer).

internal static class StoreRows
{
    // Dapper matches contact_id to ContactId only for these types, instead of the process-wide
    // MatchNamesWithUnderscores switch that would change how every other Dapper user maps.
    static StoreRows()
    {
        Map<MailboxRow>();
        Map<ContactRow>();
        Map<EnrollmentRow>();
        Map<OutboxRow>();
        Map<EventRow>();
        Map<QuotaBucketRow>();
        Map<SuppressionRow>();
        Map<PausedSequenceRow>();
        Map<WorkerSendsRow>();
        Map<RuleReplyRow>();
        Map<UserRow>();
        Map<ApiKeyRow>();
        Map<EnrollmentAddressesRow>();
        Map<SequenceStateCountRow>();
        Map<WebhookRow>();
        Map<EventRecordRow>();
        Map<WebhookDeliveryRow>();
        Map<StepSendsRow>();
    }

    /// <summary>Runs the static constructor, once, before the first query.</summary>
    public static void EnsureMapped()
    {
    }

    public static long ToUnixMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? ToUnixMs(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromUnixMs(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    // Gmail history ids are unsigned 64-bit; the column is signed. The unchecked cast keeps every bit, so any id
    // round-trips exactly (ordering in SQL would be wrong above long.MaxValue, but no query orders by it).
    public static long? ToColumn(ulong? historyId) => historyId is { } value ? unchecked((long)value) : null;

    public static ulong? FromColumn(long? historyId) => historyId is { } value ? unchecked((ulong)value) : null;

    public static string SerializeFields(IReadOnlyDictionary<string, string> fields)
    {
        // Blank values are not stored (Contact's contract); the rest keep their order.
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                kept[name] = value;
            }
        }

        return JsonSerializer.Serialize(kept, StorageJsonContext.Default.DictionaryStringString);
    }

    public static Dictionary<string, string> DeserializeFields(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString) ?? [];

    private static void Map<T>() =>
        SqlMapper.SetTypeMap(typeof(T), new CustomPropertyTypeMap(typeof(T), (type, column) =>
            type.GetProperty(
                column.Replace("_", string.Empty, StringComparison.Ordinal),
                BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!));
}

internal sealed class MailboxRow
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string ApiBaseUrl { get; set; } = "";
    public string AccessToken { get; set; } = "";
    public long? HistoryCheckpoint { get; set; }
    public long Kind { get; set; }
    public long Status { get; set; }
    public string? PausedReason { get; set; }
    public long? PausedAt { get; set; }
    public string? CredentialCiphertext { get; set; }
    public string? TokenUrl { get; set; }
    public long QuotaRegime { get; set; } = 1;
    public long? DailyLimit { get; set; }
    public string? TimeZone { get; set; }
    public long? HistorySyncedAt { get; set; }
    public long? WatchExpiresAt { get; set; }

    public Mailbox ToModel() => new(
        Id,
        Email,
        DisplayName,
        ApiBaseUrl,
        AccessToken,
        StoreRows.FromColumn(HistoryCheckpoint),
        (MailboxKind)Kind,
        (MailboxStatus)Status,
        PausedReason,
        StoreRows.FromUnixMs(PausedAt),
        CredentialCiphertext,
        TokenUrl,
        (GmailQuotaRegime)QuotaRegime,
        DailyLimit is { } limit ? checked((int)limit) : null,
        TimeZone,
        StoreRows.FromUnixMs(HistorySyncedAt),
        StoreRows.FromUnixMs(WatchExpiresAt));
}

internal sealed class QuotaBucketRow
{
    public double? QuotaTokens { get; set; }
    public long? QuotaUpdatedAt { get; set; }
    public long? NextSendAt { get; set; }
}

internal sealed class ContactRow
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string FieldsJson { get; set; } = "{}";

    public Contact ToModel() => new(Id, Email, StoreRows.DeserializeFields(FieldsJson));
}

internal sealed class EnrollmentRow
{
    public long Id { get; set; }
    public long ContactId { get; set; }
    public string SequenceName { get; set; } = "";
    public long MailboxId { get; set; }
    public long NextStep { get; set; }
    public long? DueAt { get; set; }
    public long Status { get; set; }
    public string? ThreadId { get; set; }
    public string? StatusReason { get; set; }
    public long? EndedAt { get; set; }
    public long Attempts { get; set; }
    public long? EnrolledAt { get; set; }
    public long? PausedAt { get; set; }
    public string? PausedReason { get; set; }
    public long ExternalThread { get; set; }

    public Enrollment ToModel() => new(
        Id,
        ContactId,
        SequenceName,
        MailboxId,
        checked((int)NextStep),
        StoreRows.FromUnixMs(DueAt),
        (EnrollmentStatus)Status,
        ThreadId,
        StatusReason,
        StoreRows.FromUnixMs(EndedAt),
        checked((int)Attempts),
        StoreRows.FromUnixMs(EnrolledAt),
        StoreRows.FromUnixMs(PausedAt),
        PausedReason,
        ExternalThread != 0);
}

internal sealed class OutboxRow
{
    public long EnrollmentId { get; set; }
    public long Step { get; set; }
    public long MailboxId { get; set; }
    public long State { get; set; }
    public string LocalMessageId { get; set; } = "";
    public string Subject { get; set; } = "";
    public long ReservedAt { get; set; }
    public string? GmailMessageId { get; set; }
    public string? GmailThreadId { get; set; }
    public string? RfcMessageId { get; set; }
    public long? SentAt { get; set; }
    public string? WorkerId { get; set; }
    public long? HistoryCheckpoint { get; set; }

    public OutboxEntry ToModel() => new(
        EnrollmentId,
        checked((int)Step),
        MailboxId,
        (OutboxState)State,
        LocalMessageId,
        Subject,
        StoreRows.FromUnixMs(ReservedAt),
        GmailMessageId,
        GmailThreadId,
        RfcMessageId,
        StoreRows.FromUnixMs(SentAt),
        WorkerId,
        StoreRows.FromColumn(HistoryCheckpoint));
}

internal sealed class EventRow
{
    public long EnrollmentId { get; set; }
    public long At { get; set; }
    public string Kind { get; set; } = "";
    public string Detail { get; set; } = "";

    public EnrollmentEvent ToModel() => new(EnrollmentId, StoreRows.FromUnixMs(At), Kind, Detail);
}

internal sealed class SuppressionRow
{
    public string Value { get; set; } = "";
    public long Kind { get; set; }
    public string Reason { get; set; } = "";
    public long CreatedAt { get; set; }

    public Suppression ToModel() => new(Value, (SuppressionKind)Kind, Reason, StoreRows.FromUnixMs(CreatedAt));
}

internal sealed class PausedSequenceRow
{
    public string SequenceName { get; set; } = "";
    public string Reason { get; set; } = "";
    public long PausedAt { get; set; }

    public PausedSequence ToModel() => new(SequenceName, Reason, StoreRows.FromUnixMs(PausedAt));
}

internal sealed class WorkerSendsRow
{
    public string WorkerId { get; set; } = "";
    public long Sends { get; set; }
}

internal sealed class RuleReplyRow
{
    public long Id { get; set; }
    public string RuleName { get; set; } = "";
    public long MailboxId { get; set; }
    public string InboundMessageId { get; set; } = "";
    public string ThreadId { get; set; } = "";
    public string Sender { get; set; } = "";
    public string? SenderName { get; set; }
    public string Subject { get; set; } = "";
    public string? RfcMessageId { get; set; }
    public string? ReferencesHeader { get; set; }
    public long ReceivedAt { get; set; }
    public long State { get; set; }
    public long DueAt { get; set; }
    public string? Detail { get; set; }
    public string? ReplyMessageId { get; set; }
    public long CreatedAt { get; set; }

    public RuleReply ToModel() => new(
        Id, RuleName, MailboxId, InboundMessageId, ThreadId, Sender, SenderName, Subject, RfcMessageId, ReferencesHeader,
        StoreRows.FromUnixMs(ReceivedAt), (RuleReplyState)State, StoreRows.FromUnixMs(DueAt), Detail, ReplyMessageId,
        StoreRows.FromUnixMs(CreatedAt));
}

internal sealed class UserRow
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public long CreatedAt { get; set; }

    public UserAccount ToModel() => new(Id, Username, PasswordHash, StoreRows.FromUnixMs(CreatedAt));
}

internal sealed class ApiKeyRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? LastUsedAt { get; set; }
    public long? RevokedAt { get; set; }

    public ApiKey ToModel() =>
        new(Id, Name, Prefix, KeyHash, StoreRows.FromUnixMs(CreatedAt), StoreRows.FromUnixMs(LastUsedAt), StoreRows.FromUnixMs(RevokedAt));
}

internal sealed class EnrollmentAddressesRow
{
    public string ContactEmail { get; set; } = "";
    public string MailboxEmail { get; set; } = "";
}

internal sealed class SequenceStateCountRow
{
    public string SequenceName { get; set; } = "";
    public long Status { get; set; }
    public long Paused { get; set; }
    public long Count { get; set; }

    public SequenceStateCount ToModel() => new(SequenceName, (EnrollmentStatus)Status, Paused != 0, checked((int)Count));
}

internal sealed class WebhookRow
{
    public long Id { get; set; }
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public string Events { get; set; } = "";
    public long CursorEventId { get; set; }
    public long CreatedAt { get; set; }
    public long? DisabledAt { get; set; }

    public Webhook ToModel() =>
        new(Id, Url, Secret, WebhookEvents.Split(Events), CursorEventId, StoreRows.FromUnixMs(CreatedAt), StoreRows.FromUnixMs(DisabledAt));
}

internal sealed class EventRecordRow
{
    public long Id { get; set; }
    public long EnrollmentId { get; set; }
    public long At { get; set; }
    public string Kind { get; set; } = "";
    public string Detail { get; set; } = "";
    public string Email { get; set; } = "";
    public string SequenceName { get; set; } = "";
    public long Status { get; set; }
    public long? PausedAt { get; set; }

    public EnrollmentEventRecord ToModel() =>
        new(Id, EnrollmentId, StoreRows.FromUnixMs(At), Kind, Detail, Email, SequenceName, (EnrollmentStatus)Status, PausedAt is not null);
}

internal sealed class WebhookDeliveryRow
{
    public long Id { get; set; }
    public long WebhookId { get; set; }
    public long EventId { get; set; }
    public string EventKind { get; set; } = "";
    public string Payload { get; set; } = "";
    public long State { get; set; }
    public long Attempts { get; set; }
    public long NextAttemptAt { get; set; }
    public long? LastStatus { get; set; }
    public string? LastError { get; set; }
    public long CreatedAt { get; set; }
    public long? DeliveredAt { get; set; }

    public WebhookDelivery ToModel() => new(
        Id, WebhookId, EventId, EventKind, Payload, (WebhookDeliveryState)State, checked((int)Attempts), StoreRows.FromUnixMs(NextAttemptAt),
        LastStatus is { } status ? checked((int)status) : null, LastError, StoreRows.FromUnixMs(CreatedAt), StoreRows.FromUnixMs(DeliveredAt));
}

internal sealed class StepSendsRow
{
    public string SequenceName { get; set; } = "";
    public long Step { get; set; }
    public long Sends { get; set; }
}
