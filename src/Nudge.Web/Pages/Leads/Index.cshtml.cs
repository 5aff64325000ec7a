using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Leads;

/// <summary>
/// <c>/leads</c>: every enrollment, filtered by state, sequence and email; one-click pause, resume and stop per row, and
/// pause of everything the filter shows.
/// </summary>
/// <remarks>
/// The row buttons are plain forms: without script they POST and come back here (the filter kept); with
/// <c>nudge.js</c> they ask for the row's new HTML (header <c>Nudge-Fragment</c>) and swap it in.
/// </remarks>
public sealed class IndexModel : PageModel
{
    /// <summary>The most rows one page renders.</summary>
    public const int MaxRows = 500;

    private readonly LeadBoard _leads;

    /// <summary>Creates the page.</summary>
    public IndexModel(LeadBoard leads)
    {
        _leads = leads;
    }

    /// <summary>The state filter.</summary>
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    /// <summary>The sequence filter.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sequence { get; set; }

    /// <summary>The email search.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>How many leads the bulk pause paused, after its redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Paused { get; set; }

    /// <summary>What a bulk action did.</summary>
    public string? Notice => Paused switch
    {
        null => null,
        1 => "Paused 1 lead.",
        { } n => string.Create(CultureInfo.InvariantCulture, $"Paused {n} leads."),
    };

    /// <summary>The filter of the page.</summary>
    public LeadFilter Filter => new(State, Sequence, Q);

    /// <summary>The leads that match.</summary>
    public IReadOnlyList<LeadRow> Rows { get; private set; } = [];

    /// <summary>How many of <see cref="Rows"/> are rendered.</summary>
    public int Shown => Math.Min(Rows.Count, MaxRows);

    /// <summary>How many of <see cref="Rows"/> the bulk pause would pause.</summary>
    public int PausableCount => Rows.Count(r => r.CanPause);

    /// <summary>The sequences to filter by.</summary>
    public IReadOnlyList<string> SequenceNames { get; private set; } = [];

    /// <summary>Reads the leads.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Rows = await _leads.ListAsync(Filter, cancellationToken);
        SequenceNames = await _leads.SequenceNamesAsync(cancellationToken);
    }

    /// <summary>Pauses one lead.</summary>
    public Task<IActionResult> OnPostPauseAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, _leads.PauseAsync, cancellationToken);

    /// <summary>Resumes one lead.</summary>
    public Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, _leads.ResumeAsync, cancellationToken);

    /// <summary>Stops one lead.</summary>
    public Task<IActionResult> OnPostStopAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, _leads.StopAsync, cancellationToken);

    /// <summary>Pauses every active lead the filter lets through.</summary>
    public async Task<IActionResult> OnPostPauseAllAsync(CancellationToken cancellationToken)
    {
        var paused = await _leads.PauseAllAsync(Filter, DashboardSession.UserName(HttpContext), cancellationToken);
        var route = Filter.ToRouteValues();
        route["paused"] = paused.ToString(CultureInfo.InvariantCulture);
        return RedirectToPage(route);
    }

    private async Task<IActionResult> ChangeAsync(long id, Func<long, string, CancellationToken, Task<bool>> change, CancellationToken cancellationToken)
    {
        // A lead that already moved on (ended, paused elsewhere) is not an error: the fresh row shows where it stands.
        await change(id, DashboardSession.UserName(HttpContext), cancellationToken);
        if (Request.Headers.ContainsKey(NudgeDashboard.FragmentHeaderName))
        {
            return await _leads.GetAsync(id, cancellationToken) is { } row
                ? Partial("_LeadRow", new LeadRowView(row, Filter))
                : NotFound();
        }

        return RedirectToPage(Filter.ToRouteValues());
    }
}
