using System.Text.Json.Serialization;

namespace Nudge.Web.Api;

/// <summary>
/// Every error of the API: an RFC 9457 (formerly 7807) problem, served as <c>application/problem+json</c>, with two
/// extensions naming the request field at fault: <c>field</c>, and <c>errors</c> (field → messages, as ASP.NET Core's
/// validation problems have it).
/// </summary>
/// <param name="Type">What kind of problem: a stable URN (<c>urn:nudge:problem:not-found</c>…) a client can switch on.</param>
/// <param name="Title">The kind, in words; the same for every problem of the type.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">This occurrence, in words: what is wrong and, where it helps, what to do.</param>
/// <param name="Field">The request field at fault (<c>email</c>, <c>fields.due_date</c>…), when one is.</param>
/// <param name="Errors">The same, keyed by field, when one is.</param>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
