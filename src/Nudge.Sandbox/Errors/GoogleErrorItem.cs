namespace Nudge.Sandbox.Errors;

/// <summary>One entry of <c>error.errors</c>.</summary>
internal sealed record GoogleErrorItem(
    string Message,
    string Domain,
    string Reason,
    string? Location = null,
    string? LocationType = null);
