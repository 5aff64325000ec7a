namespace Nudge.Sandbox.Observability;

/// <summary>The body of <c>GET /sandbox/mailboxes/{email}/messages</c>.</summary>
internal sealed class StoredMessagesResponse
{
    public string Email { get; set; } = "";

    public List<StoredMessageView> Messages { get; set; } = [];
}
