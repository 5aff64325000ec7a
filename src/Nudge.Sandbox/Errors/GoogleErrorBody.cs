namespace Nudge.Sandbox.Errors;

/// <summary>The <c>error</c> object; properties are declared in the order Google writes them.</summary>
internal sealed record GoogleErrorBody(
    int Code,
    string Message,
    IReadOnlyList<GoogleErrorItem> Errors,
    string Status,
    IReadOnlyList<GoogleErrorDetail>? Details = null);
