using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Nudge.Web.Api;

/// <summary>The API's problems (<see cref="ApiProblem"/>): one factory per kind, each with its type, title and status.</summary>
internal static partial class Problems
{
    public const string ContentType = "application/problem+json";

    private const string TypePrefix = "urn:nudge:problem:";

    /// <summary>400: the request is malformed (not JSON, a required field missing, a query parameter out of range).</summary>
    public static IResult BadRequest(string detail, string? field = null) =>
        Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid", detail, field);

    /// <summary>401: no credential, or one that opens nothing.</summary>
    public static IResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API key is required", detail, null);

    /// <summary>404: no such resource (or route).</summary>
    public static IResult NotFound(string detail, string? field = null) =>
        Create(StatusCodes.Status404NotFound, "not-found", "Not found", detail, field);

    /// <summary>409: the resource is not in a state that allows it (an enrollment that has ended).</summary>
    public static IResult Conflict(string detail) =>
        Create(StatusCodes.Status409Conflict, "conflict", "The resource's state does not allow it", detail, null);

    /// <summary>413: the body is larger than the endpoint takes.</summary>
    public static IResult TooLarge(string detail, string? field = null) =>
        Create(StatusCodes.Status413PayloadTooLarge, "too-large", "The request is too large", detail, field);

    /// <summary>422: well-formed, but it cannot be done (a suppressed address, an unknown sequence, a missing date field).</summary>
    public static IResult Unprocessable(string detail, string? field) =>
        Create(StatusCodes.Status422UnprocessableEntity, "unprocessable", "The request cannot be carried out", detail, field);

    /// <summary>500: a bug or an outage; the detail says nothing of the internals.</summary>
    public static IResult Internal() =>
        Create(StatusCodes.Status500InternalServerError, "internal", "Internal error", "the server failed to answer; the error is in its log", null);

    /// <summary>
    /// The field an <see cref="Nudge.Core.Enrolling.Enroller"/> rejection names, from its words: <c>email …</c>,
    /// <c>sequence: …</c>, <c>… is on the suppression list …</c>, <c>field 'due_date' …</c>.
    /// </summary>
    public static string? FieldOf(string rejection)
    {
        if (FieldQuote().Match(rejection) is { Success: true } quoted)
        {
            return "fields." + quoted.Groups["name"].Value;
        }

        if (rejection.StartsWith("email", StringComparison.Ordinal) || rejection.Contains(" is on the suppression list", StringComparison.Ordinal))
        {
            return "email";
        }

        if (LeadingName().Match(rejection) is { Success: true } leading)
        {
            return leading.Groups["name"].Value switch
            {
                "thread_query" => "threadQuery",
                "thread_id" => "threadId",
                var name => name,
            };
        }

        return null;
    }

    private static IResult Create(int status, string slug, string title, string detail, string? field) =>
        Results.Json(
            new ApiProblem(TypePrefix + slug, title, status, detail, field, field is null ? null : new Dictionary<string, string[]> { [field] = [detail] }),
            WebJsonContext.Default.ApiProblem, ContentType, status);

    [GeneratedRegex(@"\bfield '(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex FieldQuote();

    [GeneratedRegex(@"^(?<name>sequence|mailbox|thread_query|thread_id|timezone):", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingName();
}
