namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>MessagePart</c> schema: one node of the MIME tree.</summary>
internal sealed class MessagePartResource
{
    public string? PartId { get; set; }

    public string? MimeType { get; set; }

    public string? Filename { get; set; }

    public List<HeaderResource>? Headers { get; set; }

    public MessagePartBodyResource? Body { get; set; }

    public List<MessagePartResource>? Parts { get; set; }
}
