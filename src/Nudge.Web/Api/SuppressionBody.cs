namespace Nudge.Web.Api;

/// <summary>The body of <c>POST /api/v1/suppressions</c>.</summary>
/// <param name="Value">An address (<c>ann@globex.example</c>) or a domain (<c>globex.example</c>, <c>@globex.example</c>); required.</param>
/// <param name="Reason">Why, in words; "added through the API" when not given.</param>
public sealed record SuppressionBody(string? Value, string? Reason);
