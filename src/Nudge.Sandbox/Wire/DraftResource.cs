namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>Draft</c>: its id and the message that holds it.</summary>
internal sealed class DraftResource
{
    public string? Id { get; set; }

    public MessageResource? Message { get; set; }
}
