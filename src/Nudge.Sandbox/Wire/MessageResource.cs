namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>Message</c> schema; int64 fields are strings, as in the discovery document.</summary>
internal sealed class MessageResource
{
    public string? Id { get; set; }

    public string? ThreadId { get; set; }

    public List<string>? LabelIds { get; set; }

    public string? Snippet { get; set; }

    public string? HistoryId { get; set; }

    public string? InternalDate { get; set; }

    public MessagePartResource? Payload { get; set; }

    public int? SizeEstimate { get; set; }

    public string? Raw { get; set; }
}
