namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ListSendAsResponse</c>.</summary>
internal sealed class ListSendAsResponse
{
    public List<SendAsResource>? SendAs { get; set; }
}
