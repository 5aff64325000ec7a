namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>Label</c> as labels.list and labels.create return it (no counts: those come from labels.get).</summary>
internal sealed class LabelResource
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? MessageListVisibility { get; set; }

    public string? LabelListVisibility { get; set; }

    public string? Type { get; set; }
}
