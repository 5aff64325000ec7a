using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages;

/// <summary><c>/</c>: the mailboxes and how many leads are in each state. Charts come later.</summary>
public sealed class IndexModel : PageModel
{
    private readonly IEngineStore _store;

    /// <summary>Creates the page.</summary>
    public IndexModel(IEngineStore store)
    {
        _store = store;
    }

    /// <summary>Every mailbox.</summary>
    public IReadOnlyList<Mailbox> Mailboxes { get; private set; } = [];

    /// <summary>Leads per state name, in the order of <see cref="LeadBoard.StateNames"/>; states with none left out.</summary>
    public IReadOnlyList<(string State, int Count)> Counts { get; private set; } = [];

    /// <summary>Reads the store.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Mailboxes = await _store.ListMailboxesAsync(cancellationToken);
        var byState = (await _store.ListEnrollmentsAsync(cancellationToken))
            .GroupBy(EnrollmentStates.Name)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Counts = [.. LeadBoard.StateNames.Where(byState.ContainsKey).Select(s => (s, byState[s]))];
    }
}
