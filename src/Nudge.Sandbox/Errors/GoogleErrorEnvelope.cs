namespace Nudge.Sandbox.Errors;

/// <summary>Google's "v1 error format": <c>{"error": {...}}</c>.</summary>
internal sealed record GoogleErrorEnvelope(GoogleErrorBody Error);
