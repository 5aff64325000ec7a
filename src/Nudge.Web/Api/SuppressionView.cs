namespace Nudge.Web.Api;

/// <summary>An entry of the suppression list: an address or a domain Nudge never writes to.</summary>
/// <param name="Value">The lowercased address or domain.</param>
/// <param name="Kind"><c>address</c> or <c>domain</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record SuppressionView(string Value, string Kind, string Reason, DateTimeOffset CreatedAt);
