namespace Nudge.Sandbox.Model;

/// <summary>What a <see cref="HistoryRecord"/> records.</summary>
internal enum HistoryChange
{
    MessageAdded,
    MessageDeleted,
    LabelsChanged,
}
