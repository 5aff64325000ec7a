namespace Nudge.Sandbox.Observability;

/// <summary>One message in <c>GET /sandbox/mailboxes/{email}/messages</c>.</summary>
internal sealed class StoredMessageView
{
    public string Id { get; set; } = "";

    public string ThreadId { get; set; } = "";

    public List<string> LabelIds { get; set; } = [];

    /// <summary>Gets or sets <c>internalDate</c>: epoch milliseconds as a string, as Gmail writes int64.</summary>
    public string InternalDate { get; set; } = "";

    /// <summary>Gets or sets the From, To, Subject and Message-ID headers (those present), under those names.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Gets or sets the stored RFC 5322 bytes as padded base64url, like <c>format=raw</c>.</summary>
    public string Raw { get; set; } = "";
}
