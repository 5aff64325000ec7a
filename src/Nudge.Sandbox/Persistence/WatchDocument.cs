namespace Nudge.Sandbox.Persistence;

/// <summary>The recorded <c>users.watch</c> in the state file.</summary>
internal sealed class WatchDocument
{
    public string TopicName { get; set; } = "";

    public List<string> LabelIds { get; set; } = [];

    public string? LabelFilterBehavior { get; set; }

    public ulong HistoryId { get; set; }

    public long Expiration { get; set; }
}
