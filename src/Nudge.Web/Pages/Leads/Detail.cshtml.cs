using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Leads;

/// <summary><c>/leads/{id}</c>: one enrollment, its sends, its timeline of events, and its buttons.</summary>
public sealed class DetailModel : PageModel
{
    private readonly LeadBoard _leads;
    private readonly IEngineStore _store;

    /// <summary>Creates the page.</summary>
    public DetailModel(LeadBoard leads, IEngineStore store)
    {
        _leads = leads;
        _store = store;
    }

    /// <summary>The lead.</summary>
    public LeadRow Lead { get; private set; } = null!;

    /// <summary>Its sent messages, in step order.</summary>
    public IReadOnlyList<OutboxEntry> Sends { get; private set; } = [];

    /// <summary>Its events, oldest first.</summary>
    public IReadOnlyList<EnrollmentEvent> Events { get; private set; } = [];

    /// <summary>Reads the lead; 404 when there is none.</summary>
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await _leads.GetAsync(id, cancellationToken) is not { } lead)
        {
            return NotFound();
        }

        Lead = lead;
        Sends = await _store.ListOutboxAsync(id, cancellationToken);
        Events = [.. (await _store.ListEventsAsync(id, cancellationToken)).OrderBy(e => e.At)];
        return Page();
    }

    /// <summary>Pauses the lead.</summary>
    public async Task<IActionResult> OnPostPauseAsync(long id, CancellationToken cancellationToken)
    {
        await _leads.PauseAsync(id, DashboardSession.UserName(HttpContext), cancellationToken);
        return RedirectToPage(new { id });
    }

    /// <summary>Resumes the lead.</summary>
    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken)
    {
        await _leads.ResumeAsync(id, DashboardSession.UserName(HttpContext), cancellationToken);
        return RedirectToPage(new { id });
    }

    /// <summary>Stops the lead.</summary>
    public async Task<IActionResult> OnPostStopAsync(long id, CancellationToken cancellationToken)
    {
        await _leads.StopAsync(id, DashboardSession.UserName(HttpContext), cancellationToken);
        return RedirectToPage(new { id });
    }
}
