namespace Nudge.Gmail.Wire;

/// <summary>Google's error envelope: <c>{"error":{"code","message","errors":[{"reason",…}],"status"}}</c>.</summary>
internal sealed record GoogleErrorResponse(GoogleError? Error);

internal sealed record GoogleError(int Code, string? Message, IReadOnlyList<GoogleErrorItem>? Errors, string? Status);

internal sealed record GoogleErrorItem(string? Message, string? Domain, string? Reason, string? Location, string? LocationType);
