namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>Thread</c> schema.</summary>
internal sealed class ThreadResource
{
    public string? Id { get; set; }

    public string? Snippet { get; set; }

    public string? HistoryId { get; set; }

    public List<MessageResource>? Messages { get; set; }
}
