using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>One change of a mailbox's history. Google advises reading the typed arrays, not <c>messages</c>.</summary>
public sealed record GmailHistoryRecord(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong Id,
    IReadOnlyList<GmailMessage>? Messages,
    IReadOnlyList<GmailHistoryMessageAdded>? MessagesAdded,
    IReadOnlyList<GmailHistoryMessageDeleted>? MessagesDeleted = null,
    IReadOnlyList<GmailHistoryLabelChange>? LabelsAdded = null,
    IReadOnlyList<GmailHistoryLabelChange>? LabelsRemoved = null);
