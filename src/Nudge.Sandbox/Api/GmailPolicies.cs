using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Sandbox.Auth;
using Nudge.Sandbox.Faults;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Observability;
using Nudge.Sandbox.Quota;

namespace Nudge.Sandbox.Api;

/// <summary>
/// The filters every Gmail call passes, in Google's order: count the call, authenticate (401, then 403 for another
/// user), check the token's scopes (403), charge quota (403 per minute, 429 daily sends), then inject faults. One
/// instance per sandbox, shared by the Gmail groups, so that quota and fault state are per mailbox whatever the path.
/// </summary>
internal sealed class GmailPolicies
{
    private readonly MetricsFilter _metricsFilter;
    private readonly ScopeFilter _scopes = new();
    private readonly QuotaFilter _quota;
    private readonly FaultFilter _faults;

    public GmailPolicies(SandboxState state)
    {
        _metricsFilter = new MetricsFilter(Metrics);
        _quota = new QuotaFilter(state, Metrics);
        _faults = new FaultFilter(state.Options, Metrics);
    }

    public SandboxMetrics Metrics { get; } = new();

    /// <summary>Adds the filters to a group; filters run in the order they are added.</summary>
    public RouteGroupBuilder Apply(RouteGroupBuilder group, GmailAuthFilter auth) => group
        .AddEndpointFilter(_metricsFilter)
        .AddEndpointFilter(auth)
        .AddEndpointFilter(_scopes)
        .AddEndpointFilter(_quota)
        .AddEndpointFilter(_faults);
}
