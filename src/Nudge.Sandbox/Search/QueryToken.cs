namespace Nudge.Sandbox.Search;

/// <summary>One token of a Gmail search query; <see cref="Operator"/> is set for <c>op:(…)</c> groups.</summary>
internal sealed record QueryToken(QueryTokenKind Kind, string Value, string? Operator = null);
