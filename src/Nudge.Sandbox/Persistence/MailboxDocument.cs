namespace Nudge.Sandbox.Persistence;

/// <summary>One mailbox in the state file.</summary>
internal sealed class MailboxDocument
{
    public string Email { get; set; } = "";

    public string AccessToken { get; set; } = "";

    public ulong HistoryId { get; set; }

    public ulong ExpiredThroughHistoryId { get; set; }

    /// <summary>Gets or sets the messages in the order they were added, which is also thread order.</summary>
    public List<MessageDocument> Messages { get; set; } = [];

    public List<HistoryDocument> History { get; set; } = [];

    /// <summary>Gets or sets the OAuth grant (kind, scopes, refresh token, client); absent in older files.</summary>
    public GrantDocument? Grant { get; set; }

    /// <summary>Gets or sets the grants given through the authorization-code flow; absent in older files.</summary>
    public List<GrantDocument>? ConsentGrants { get; set; }

    /// <summary>Gets or sets the drafts, user labels and watch; absent in older files.</summary>
    public MailboxExtrasDocument? Extras { get; set; }
}
