namespace Nudge.Sandbox.Wire;

/// <summary>One header of a <see cref="MessagePartResource"/>, in original case and order.</summary>
internal sealed record HeaderResource(string Name, string Value);
