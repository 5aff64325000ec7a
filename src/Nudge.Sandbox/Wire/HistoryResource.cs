namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>History</c> record. Only <c>messagesAdded</c> is produced: the sandbox has no label edits or deletes.</summary>
internal sealed class HistoryResource
{
    public string? Id { get; set; }

    public List<MessageRef>? Messages { get; set; }

    public List<HistoryMessageAdded>? MessagesAdded { get; set; }
}
