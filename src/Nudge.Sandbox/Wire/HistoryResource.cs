namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>History</c> record; each typed array is omitted (null) when empty.</summary>
internal sealed class HistoryResource
{
    public string? Id { get; set; }

    public List<MessageRef>? Messages { get; set; }

    public List<HistoryMessageAdded>? MessagesAdded { get; set; }

    public List<HistoryMessageAdded>? MessagesDeleted { get; set; }

    public List<HistoryLabelChange>? LabelsAdded { get; set; }

    public List<HistoryLabelChange>? LabelsRemoved { get; set; }
}
