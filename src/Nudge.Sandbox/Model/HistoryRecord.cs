namespace Nudge.Sandbox.Model;

/// <summary>
/// One history record; <see cref="Time"/> drives expiry. <see cref="LabelIds"/> are the message's labels after the
/// change; <see cref="LabelsAdded"/> and <see cref="LabelsRemoved"/> are set for <see cref="HistoryChange.LabelsChanged"/>.
/// </summary>
internal sealed record HistoryRecord(
    ulong Id,
    DateTimeOffset Time,
    string MessageId,
    string ThreadId,
    IReadOnlyList<string> LabelIds,
    HistoryChange Kind = HistoryChange.MessageAdded,
    IReadOnlyList<string>? LabelsAdded = null,
    IReadOnlyList<string>? LabelsRemoved = null);
