namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>Draft</c> as a request body (drafts.create, update and send).</summary>
internal sealed class DraftRequest
{
    public string? Id { get; set; }

    public MessageRequest? Message { get; set; }
}
