using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Persistence;

/// <summary>One history record in the state file.</summary>
internal sealed class HistoryDocument
{
    public ulong Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public string MessageId { get; set; } = "";

    public string ThreadId { get; set; } = "";

    public List<string> LabelIds { get; set; } = [];

    /// <summary>Gets or sets the kind of change; absent in older files, which held only additions.</summary>
    public HistoryChange Kind { get; set; }

    public List<string>? LabelsAdded { get; set; }

    public List<string>? LabelsRemoved { get; set; }
}
