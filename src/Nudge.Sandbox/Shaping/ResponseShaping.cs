using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Errors;

namespace Nudge.Sandbox.Shaping;

/// <summary>
/// Google's standard query parameters on every Gmail call, applied once to whatever JSON an endpoint wrote:
/// <c>alt</c> (only <c>json</c>), <c>fields</c> (partial response, success bodies only) and <c>prettyPrint</c>
/// (indented by default, compact with <c>prettyPrint=false</c>).
/// </summary>
internal static class ResponseShaping
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static void UseGmailResponseShaping(this WebApplication app) => app.Use(ShapeAsync);

    private static async Task ShapeAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/gmail/v1", StringComparison.Ordinal) && !path.StartsWithSegments("/upload/gmail/v1", StringComparison.Ordinal))
        {
            await next(http);
            return;
        }

        var query = http.Request.Query;
        var alt = query["alt"].ToString();
        if (alt.Length > 0 && !string.Equals(alt, "json", StringComparison.Ordinal))
        {
            // Gmail's JSON methods serve only alt=json (media is for downloads, proto for gRPC-transcoding clients).
            await GoogleErrors.BadRequest("Invalid value for alt: " + alt + " (only json is supported here)").ExecuteAsync(http);
            return;
        }

        FieldMask? mask = null;
        if (query["fields"].ToString() is { Length: > 0 } fields)
        {
            mask = FieldMask.TryParse(fields, out var invalid);
            if (mask is null)
            {
                await ExtraGoogleErrors.InvalidFieldSelection(invalid!).ExecuteAsync(http);
                return;
            }
        }

        var pretty = !string.Equals(query["prettyPrint"].ToString(), "false", StringComparison.OrdinalIgnoreCase);
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        buffer.Position = 0;
        var isJson = http.Response.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false;
        if (buffer.Length == 0 || !isJson)
        {
            await buffer.CopyToAsync(original, http.RequestAborted);
            return;
        }

        using var document = await JsonDocument.ParseAsync(buffer, cancellationToken: http.RequestAborted);
        using var shaped = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(shaped, new JsonWriterOptions { Indented = pretty, Encoder = Encoder }))
        {
            // Partial responses apply to results only; an error envelope is always sent whole.
            if (mask is not null && http.Response.StatusCode < 300)
            {
                mask.Write(document.RootElement, writer);
            }
            else
            {
                document.RootElement.WriteTo(writer);
            }
        }

        http.Response.ContentLength = shaped.Length;
        shaped.Position = 0;
        await shaped.CopyToAsync(original, http.RequestAborted);
    }
}
