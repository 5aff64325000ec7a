using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>One page of <c>history.list</c>. Gmail omits <c>history</c> when nothing changed.</summary>
/// <param name="History">The changes after the start id, oldest first.</param>
/// <param name="NextPageToken">Set when more pages follow.</param>
/// <param name="HistoryId">The mailbox's current history id: the next checkpoint.</param>
public sealed record GmailHistoryList(
    IReadOnlyList<GmailHistoryRecord>? History,
    string? NextPageToken,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong HistoryId);
