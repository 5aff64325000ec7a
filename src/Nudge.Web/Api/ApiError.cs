namespace Nudge.Web.Api;

/// <summary>An error the API answers with: what is wrong, naming the field.</summary>
/// <param name="Error">The message.</param>
/// <param name="Field">The request field at fault, when one is.</param>
public sealed record ApiError(string Error, string? Field = null);
