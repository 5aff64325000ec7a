using System.Text;
using System.Text.Json;

namespace Nudge.Core.Webhooks;

/// <summary>
/// The JSON body of a webhook delivery, in this order:
/// <code>
/// {"id":42,"type":"replied","occurredAt":"2026-03-02T10:15:00+00:00",
///  "enrollment":{"id":7,"email":"ann@globex.example","sequence":"outreach","state":"replied"},
///  "detail":"reply from ann@globex.example (message 18c…)"}
/// </code>
/// <c>id</c> is the event's: the same for every webhook that receives it.
/// </summary>
public static class WebhookPayload
{
    /// <summary>The body for <paramref name="record"/> as type <paramref name="type"/>.</summary>
    public static string Create(EnrollmentEventRecord record, string type)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(type);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", record.Id);
            json.WriteString("type", type);
            json.WriteString("occurredAt", record.At.ToUniversalTime());
            json.WriteStartObject("enrollment");
            json.WriteNumber("id", record.EnrollmentId);
            json.WriteString("email", record.Email);
            json.WriteString("sequence", record.SequenceName);
            json.WriteString("state", record.State);
            json.WriteEndObject();
            json.WriteString("detail", record.Detail);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
