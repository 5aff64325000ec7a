namespace Nudge.Sandbox.Model;

/// <summary>A <c>messageAdded</c> history record; <see cref="Time"/> drives expiry.</summary>
internal sealed record HistoryRecord(ulong Id, DateTimeOffset Time, string MessageId, string ThreadId, IReadOnlyList<string> LabelIds);
