namespace Nudge.Sandbox.Persistence;

/// <summary>One history record in the state file.</summary>
internal sealed class HistoryDocument
{
    public ulong Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public string MessageId { get; set; } = "";

    public string ThreadId { get; set; } = "";

    public List<string> LabelIds { get; set; } = [];
}
