namespace Nudge.Gmail.Wire;

/// <summary>The body of <c>drafts.create</c> (<c>{"message":{"raw","threadId"}}</c>) and of <c>drafts.send</c> (<c>{"id"}</c>).</summary>
internal sealed record DraftRequest(string? Id = null, SendMessageRequest? Message = null);
