namespace Nudge.Sandbox.Wire;

/// <summary>The <c>{id, threadId}</c> pair used in lists and history records.</summary>
internal sealed record MessageRef(string Id, string ThreadId);
