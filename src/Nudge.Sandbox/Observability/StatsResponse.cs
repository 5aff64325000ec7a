namespace Nudge.Sandbox.Observability;

/// <summary>The body of <c>GET /sandbox/stats</c>.</summary>
internal sealed class StatsResponse
{
    public string QuotaRegime { get; set; } = "";

    public List<MailboxStats> Mailboxes { get; set; } = [];

    /// <summary>Gets or sets the Google error reasons returned, over all mailboxes (and unauthenticated calls).</summary>
    public SortedDictionary<string, long> Errors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets how many sends were stored and then had their connection dropped by a fault.</summary>
    public long DroppedConnections { get; set; }

    public List<DuplicateSend> Duplicates { get; set; } = [];
}
