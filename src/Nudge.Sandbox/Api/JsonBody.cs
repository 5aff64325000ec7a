using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Errors;

namespace Nudge.Sandbox.Api;

/// <summary>Reads a JSON request body; an empty body is an empty object, as Google's JSON mapping treats it.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class, new()
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return (new T(), null);
        }

        try
        {
            return (JsonSerializer.Deserialize(buffer.ToArray(), typeInfo) ?? new T(), null);
        }
        catch (JsonException)
        {
            return (null, GoogleErrors.BadRequest("Invalid JSON payload received. Unexpected token."));
        }
    }
}
