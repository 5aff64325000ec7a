namespace Nudge.Sandbox.Observability;

/// <summary>The body of <c>GET</c> and <c>PUT /sandbox/faults</c>: the fault spec.</summary>
internal sealed class FaultsBody
{
    public string? Spec { get; set; }
}
