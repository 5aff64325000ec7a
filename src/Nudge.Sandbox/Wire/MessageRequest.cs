namespace Nudge.Sandbox.Wire;

/// <summary>The parts of a <c>Message</c> request body that send, import and insert read.</summary>
internal sealed class MessageRequest
{
    public string? Raw { get; set; }

    public string? ThreadId { get; set; }

    public List<string>? LabelIds { get; set; }
}
