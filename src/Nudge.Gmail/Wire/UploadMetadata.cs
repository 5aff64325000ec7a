namespace Nudge.Gmail.Wire;

/// <summary>The JSON part of a multipart media upload of <c>messages.send</c>: the Message without <c>raw</c>.</summary>
internal sealed record UploadMetadata(string? ThreadId);
