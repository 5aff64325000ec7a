namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>MessagePartBody</c> (also the <c>attachments.get</c> response).</summary>
internal sealed class MessagePartBodyResource
{
    public string? AttachmentId { get; set; }

    // Gmail always sends size, 0 for multipart containers, so it is not nullable.
    public int Size { get; set; }

    public string? Data { get; set; }
}
