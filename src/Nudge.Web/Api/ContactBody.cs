namespace Nudge.Web.Api;

/// <summary>The body of <c>PUT /api/v1/contacts/{email}</c>.</summary>
/// <param name="Fields">
/// Merge fields to set, as strings. A field not named keeps its value; a field given <see langword="null"/> or <c>""</c>
/// is removed.
/// </param>
public sealed record ContactBody(Dictionary<string, string?>? Fields);
