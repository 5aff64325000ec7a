namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ListMessagesResponse</c>; <c>messages</c> is omitted (null) when empty.</summary>
internal sealed class ListMessagesResponse
{
    public List<MessageRef>? Messages { get; set; }

    public string? NextPageToken { get; set; }

    public int ResultSizeEstimate { get; set; }
}
