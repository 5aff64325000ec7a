namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ModifyMessageRequest</c>.</summary>
internal sealed class ModifyMessageRequest
{
    public List<string>? AddLabelIds { get; set; }

    public List<string>? RemoveLabelIds { get; set; }
}
