using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// The scripted recipients' admin API (<c>GET</c>/<c>PUT /sandbox/recipients</c>) and the middleware that delivers
/// due answers before any request is handled.
/// </summary>
internal static class RecipientsApi
{
    private const int MaxScriptBytes = 1024 * 1024;

    /// <summary>
    /// Delivers every due answer before the request reaches its endpoint, and so before the Gmail auth filter: a
    /// client polling history.list or messages.list sees the answers its clock says have arrived.
    /// </summary>
    public static void UseRecipientDeliveries(this WebApplication app, SandboxState state) =>
        app.Use(next => context =>
        {
            if (state.Recipients.DeliverDue(state))
            {
                state.Save();
            }

            return next(context);
        });

    public static void MapRecipientsApi(this WebApplication app, SandboxState state)
    {
        app.MapGet("sandbox/recipients", () => Describe(state));
        app.MapPut("sandbox/recipients", async (HttpContext http) =>
        {
            string json;
            using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
            {
                var buffer = new char[MaxScriptBytes + 1];
                var read = await reader.ReadBlockAsync(buffer, http.RequestAborted);
                if (read > MaxScriptBytes)
                {
                    return GoogleErrors.InvalidArgument("The recipients script is larger than 1 MB.");
                }

                json = new string(buffer, 0, read);
            }

            try
            {
                state.Recipients.Replace(RecipientScript.Parse(json, "request body"));
            }
            catch (InvalidDataException e)
            {
                return GoogleErrors.InvalidArgument(e.Message);
            }

            return Describe(state);
        });
    }

    // Written by hand rather than with a source-generated context: the rules come out in the same shape the rules
    // file is written in (durations as "26h", behaviours as "hard-bounce"), so the output can be PUT back.
    private static IResult Describe(SandboxState state)
    {
        var script = state.Recipients.Script;
        var (pending, delivered) = state.Recipients.Snapshot();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("rules");
            foreach (var rule in script.Rules)
            {
                WriteRule(json, rule);
            }

            json.WriteEndArray();
            var next = state.Recipients.NextDueAt;
            if (next is { } due)
            {
                json.WriteString("nextDeliveryAt", due);
            }

            json.WriteStartArray("pending");
            foreach (var item in pending)
            {
                json.WriteStartObject();
                WriteDelivery(json, item);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("delivered");
            foreach (var answer in delivered)
            {
                json.WriteStartObject();
                WriteDelivery(json, answer.Scheduled);
                json.WriteString("id", answer.Id);
                json.WriteString("threadId", answer.ThreadId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Results.Text(buffer.ToArray(), "application/json; charset=UTF-8");
    }

    private static void WriteRule(Utf8JsonWriter json, RecipientRule rule)
    {
        json.WriteStartObject();
        json.WriteString("match", rule.Match);
        json.WriteString("behaviour", RecipientScript.FormatBehaviour(rule.Behaviour));
        json.WriteString("after", Durations.Format(rule.Delay));
        if (rule.Text is { } text)
        {
            json.WriteString("text", text);
        }

        if (rule.Subject is { } subject)
        {
            json.WriteString("subject", subject);
        }

        if (rule.ReturnDate is { } date)
        {
            json.WriteString("returnDate", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (rule.Behaviour == RecipientBehaviour.OutOfOffice)
        {
            json.WriteNumber("oncePerSenderDays", rule.OncePerSenderDays);
        }

        if (rule.EffectiveTimes == RecipientRule.Always)
        {
            json.WriteString("times", "always");
        }
        else
        {
            json.WriteNumber("times", rule.EffectiveTimes);
        }

        json.WriteEndObject();
    }

    private static void WriteDelivery(Utf8JsonWriter json, ScheduledDelivery item)
    {
        json.WriteString("mailbox", item.Mailbox.Email);
        json.WriteString("recipient", item.Recipient);
        json.WriteString("behaviour", RecipientScript.FormatBehaviour(item.Behaviour));
        json.WriteNumber("rule", item.RuleIndex);
        json.WriteString("sentAt", item.SentAt);
        json.WriteString("dueAt", item.DueAt);
        json.WriteString("sentMessageId", item.SentId);
        json.WriteString("sentThreadId", item.SentThreadId);
    }
}
