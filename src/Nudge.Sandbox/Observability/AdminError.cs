namespace Nudge.Sandbox.Observability;

/// <summary>An admin endpoint's error: <c>{"error":"…"}</c>.</summary>
internal sealed record AdminError(string Error);
