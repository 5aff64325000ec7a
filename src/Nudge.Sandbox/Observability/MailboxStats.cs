namespace Nudge.Sandbox.Observability;

/// <summary>One mailbox in <c>GET /sandbox/stats</c>.</summary>
internal sealed class MailboxStats
{
    public string Email { get; set; } = "";

    public string Kind { get; set; } = "";

    public long Calls { get; set; }

    public long Units { get; set; }

    /// <summary>Gets the calls and units per RPC name (e.g. <c>SendMessage</c>).</summary>
    public SortedDictionary<string, MethodStats> Methods { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the messages sent per UTC date (<c>yyyy-MM-dd</c>) through the API.</summary>
    public SortedDictionary<string, long> SendsByDay { get; } = new(StringComparer.Ordinal);
}
