namespace Nudge.Sandbox.Wire;

/// <summary>The parts of a <c>Label</c> request body labels.create reads.</summary>
internal sealed class LabelRequest
{
    public string? Name { get; set; }

    public string? MessageListVisibility { get; set; }

    public string? LabelListVisibility { get; set; }
}
