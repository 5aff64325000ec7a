namespace Nudge.Sandbox.Persistence;

/// <summary>One message in the state file; <see cref="Raw"/> is written as base64 by System.Text.Json.</summary>
internal sealed class MessageDocument
{
    public string Id { get; set; } = "";

    public string ThreadId { get; set; } = "";

    public List<string> LabelIds { get; set; } = [];

    public long InternalDate { get; set; }

    public ulong HistoryId { get; set; }

    public byte[] Raw { get; set; } = [];
}
