namespace Nudge.Sandbox.Persistence;

/// <summary>The state file's root. Threads and indexes are rebuilt from the messages on load.</summary>
internal sealed class StateDocument
{
    public int Version { get; set; } = 1;

    public ulong LastMessageId { get; set; }

    public List<MailboxDocument> Mailboxes { get; set; } = [];

    /// <summary>Gets or sets the scripted recipients' answers not yet delivered.</summary>
    public List<PendingDeliveryDocument> PendingDeliveries { get; set; } = [];
}
