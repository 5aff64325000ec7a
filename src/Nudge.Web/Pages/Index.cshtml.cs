using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages;

/// <summary>
/// <c>/</c>: each mailbox's health (status, why paused, sends in the last 24 hours against its limit, quota units), how
/// many leads are in each state, and each sequence's funnel, the charts drawn on the server as SVG.
/// </summary>
public sealed class IndexModel : PageModel
{
    private readonly IEngineStore _store;
    private readonly OverviewReader _reader;

    /// <summary>Creates the page.</summary>
    public IndexModel(IEngineStore store, DashboardOptions options, TimeProvider timeProvider)
    {
        _store = store;
        _reader = new OverviewReader(store, options, timeProvider);
    }

    /// <summary>Every mailbox, with its sends and quota.</summary>
    public IReadOnlyList<OverviewMailbox> Mailboxes { get; private set; } = [];

    /// <summary>Each sequence's funnel.</summary>
    public IReadOnlyList<OverviewFunnel> Funnels { get; private set; } = [];

    /// <summary>Leads per state name, in the order of <see cref="LeadBoard.StateNames"/>; states with none left out.</summary>
    public IReadOnlyList<(string State, int Count)> Counts { get; private set; } = [];

    /// <summary>Reads the store.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = await _reader.ReadAsync(cancellationToken);
        Mailboxes = overview.Mailboxes;
        Funnels = overview.Funnels;
        var byState = (await _store.ListEnrollmentsAsync(cancellationToken))
            .GroupBy(EnrollmentStates.Name)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Counts = [.. LeadBoard.StateNames.Where(byState.ContainsKey).Select(s => (s, byState[s]))];
    }
}
