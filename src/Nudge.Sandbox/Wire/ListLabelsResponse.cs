namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ListLabelsResponse</c>.</summary>
internal sealed class ListLabelsResponse
{
    public List<LabelResource>? Labels { get; set; }
}
