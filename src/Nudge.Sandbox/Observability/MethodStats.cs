namespace Nudge.Sandbox.Observability;

/// <summary>Calls and quota units of one method for one mailbox.</summary>
internal sealed class MethodStats
{
    public long Calls { get; set; }

    public long Units { get; set; }
}
