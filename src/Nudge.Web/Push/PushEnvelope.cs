using System.Text.Json.Serialization;

namespace Nudge.Web.Push;

// Pub/Sub's push body: {"message":{"data":"<base64 JSON>","messageId":"…","publishTime":"…"},"subscription":"…"}.
internal sealed record PushEnvelope(PushMessage? Message, string? Subscription);

internal sealed record PushMessage(string? Data, string? MessageId, string? PublishTime);

// The decoded data: {"emailAddress":"user@example.com","historyId":1234567890}; the id is a number in Gmail's pushes
// and a string in some of Google's samples, so both are read.
internal sealed record PushData(
    string? EmailAddress,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] ulong HistoryId);
