using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>A Gmail message resource. Which members are filled depends on the <see cref="MessageFormat"/> asked for.</summary>
/// <param name="Id">16 hex digits; not an RFC 5322 Message-ID.</param>
/// <param name="ThreadId">The thread, scoped to this mailbox.</param>
/// <param name="LabelIds">Labels such as <c>SENT</c>, <c>INBOX</c>, <c>UNREAD</c>.</param>
/// <param name="Snippet">A short part of the text.</param>
/// <param name="HistoryId">The mailbox history id of the last change to this message (a JSON string on the wire).</param>
/// <param name="InternalDate">Epoch milliseconds (a JSON string on the wire).</param>
/// <param name="SizeEstimate">Approximate size in bytes.</param>
/// <param name="Raw">The whole message in base64url, for <see cref="MessageFormat.Raw"/> only.</param>
/// <param name="Payload">The parts tree, for <see cref="MessageFormat.Full"/> and <see cref="MessageFormat.Metadata"/>.</param>
public sealed record GmailMessage(
    string Id,
    string? ThreadId,
    IReadOnlyList<string>? LabelIds = null,
    string? Snippet = null,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong? HistoryId = null,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] long? InternalDate = null,
    int? SizeEstimate = null,
    string? Raw = null,
    GmailMessagePart? Payload = null)
{
    /// <summary>The first top-level header with this name, compared case-insensitively (Gmail keeps the sender's case).</summary>
    public string? GetHeader(string name) =>
        Payload?.Headers?.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Whether the message carries the label.</summary>
    public bool HasLabel(string labelId) => LabelIds?.Contains(labelId, StringComparer.Ordinal) == true;
}
