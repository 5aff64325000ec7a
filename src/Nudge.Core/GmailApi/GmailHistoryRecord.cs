using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>One change of a mailbox's history.</summary>
public sealed record GmailHistoryRecord(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong Id,
    IReadOnlyList<GmailMessage>? Messages,
    IReadOnlyList<GmailHistoryMessageAdded>? MessagesAdded);
