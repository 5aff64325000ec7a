namespace Nudge.Sandbox.Api;

/// <summary>A decoded send/import/insert request, whichever way (JSON or upload) it arrived.</summary>
internal sealed record IngestRequest(byte[] Raw, string? ThreadId, IReadOnlyList<string>? LabelIds);
