namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>WatchRequest</c>; <c>labelFilterAction</c> is the deprecated spelling of <c>labelFilterBehavior</c>.</summary>
internal sealed class WatchRequest
{
    public string? TopicName { get; set; }

    public List<string>? LabelIds { get; set; }

    public string? LabelFilterAction { get; set; }

    public string? LabelFilterBehavior { get; set; }
}
