using System.Text.Json.Serialization;

namespace Nudge.Core.GmailApi;

/// <summary>The answer of <c>users.watch</c>. Renew before <see cref="Expiration"/> (Google advises daily).</summary>
/// <param name="HistoryId">The mailbox's history id when the watch started (a JSON string on the wire).</param>
/// <param name="Expiration">When the watch ends, epoch milliseconds (a JSON string on the wire).</param>
public sealed record GmailWatchResponse(
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] ulong HistoryId,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)] long Expiration)
{
    /// <summary><see cref="Expiration"/> as an instant.</summary>
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeMilliseconds(Expiration);
}
