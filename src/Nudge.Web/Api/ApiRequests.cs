using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Nudge.Web.Api;

/// <summary>
/// Reading requests by hand, so that every mistake in one is answered with a problem naming the field: the framework's
/// own binding answers a bad body or query with an empty 400.
/// </summary>
internal static class ApiRequests
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The body as <typeparamref name="T"/>, or the 400 problem saying why it is not one.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken), null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            return (default, Problems.BadRequest($"the body is not valid JSON: {ex.Message}", field));
        }
    }

    /// <summary><c>page</c> (1-based, default 1) and <c>pageSize</c> (1 to <see cref="MaxPageSize"/>, default <see cref="DefaultPageSize"/>).</summary>
    public static (int Page, int PageSize, IResult? Problem) ReadPaging(string? page, string? pageSize)
    {
        if (!TryReadInt("page", page, 1, 1, int.MaxValue / MaxPageSize, out var number, out var problem)
            || !TryReadInt("pageSize", pageSize, DefaultPageSize, 1, MaxPageSize, out var size, out problem))
        {
            return (0, 0, problem);
        }

        return (number, size, null);
    }

    /// <summary>
    /// An integer query parameter within [<paramref name="min"/>, <paramref name="max"/>], or its default when absent.
    /// Endpoints bind such parameters as strings, so that the OpenAPI document lists them and a bad value is still
    /// answered here, with a problem naming it.
    /// </summary>
    public static bool TryReadInt(string name, string? text, int fallback, int min, int max, out int value, out IResult? problem)
    {
        problem = null;
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            problem = Problems.BadRequest($"{name} must be a whole number from {min} to {max}; it is '{text}'", name);
            return false;
        }

        return true;
    }

    /// <summary>A text query parameter, trimmed; <see langword="null"/> when absent or blank.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
