namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>WatchResponse</c>: both fields are int64 strings.</summary>
internal sealed record WatchResponse(string HistoryId, string Expiration);
