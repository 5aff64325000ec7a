using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>A Gmail thread with its messages, oldest first. <c>threads.list</c> fills only the id, snippet and history id.</summary>
public sealed record GmailThread(
    string Id,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong? HistoryId,
    IReadOnlyList<GmailMessage>? Messages,
    string? Snippet = null);
