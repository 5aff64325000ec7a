using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Leads;

/// <summary>
/// <c>/leads</c>: every enrollment, filtered by state, sequence and email, in pages of <see cref="PageSize"/>; one-click
/// pause, resume and stop per row, and pause of everything the filter lets through, on every page.
/// </summary>
/// <remarks>
/// The row buttons are plain forms: without script they POST and come back here (the filter kept); with
/// <c>nudge.js</c> they ask for the row's new HTML (header <c>Nudge-Fragment</c>) and swap it in.
/// </remarks>
public sealed class IndexModel : PageModel
{
    /// <summary>Leads per page.</summary>
    public const int PageSize = 100;

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

    /// <summary>The page shown, from 1.</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

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

    /// <summary>The page of leads, with the counts of every page.</summary>
    public LeadPage Leads { get; private set; } = new([], 0, 0, 0);

    /// <summary>How many pages there are.</summary>
    public int PageCount => Math.Max(1, (Leads.Total + PageSize - 1) / PageSize);

    /// <summary>The position of the page's first lead among all, as the page writes it (<c>1</c> of <c>1–100 of 12,345</c>).</summary>
    public string FirstShown => Count(Leads.Rows.Count == 0 ? 0 : Leads.Offset + 1);

    /// <summary>The position of the page's last lead among all (<c>100</c> of <c>1–100 of 12,345</c>).</summary>
    public string LastShown => Count(Leads.Offset + Leads.Rows.Count);

    /// <summary>How many leads match in all (<c>12,345</c> of <c>1–100 of 12,345</c>).</summary>
    public string TotalShown => Count(Leads.Total);

    /// <summary>The sequences to filter by.</summary>
    public IReadOnlyList<string> SequenceNames { get; private set; } = [];

    /// <summary>Reads the leads.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        Leads = await _leads.ListAsync(Filter, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
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

    /// <summary>Pauses every active lead the filter lets through, on every page; back on the first page with the count.</summary>
    public async Task<IActionResult> OnPostPauseAllAsync(CancellationToken cancellationToken)
    {
        var paused = await _leads.PauseAllAsync(Filter, DashboardSession.UserName(HttpContext), cancellationToken);
        var route = Filter.ToRouteValues();
        route["paused"] = paused.ToString(CultureInfo.InvariantCulture);
        return RedirectToPage(route);
    }

    /// <summary>The query of another page of the same filter.</summary>
    public Dictionary<string, string> RouteFor(int page) => Filter.ToRouteValues(page);

    private async Task<IActionResult> ChangeAsync(long id, Func<long, string, CancellationToken, Task<bool>> change, CancellationToken cancellationToken)
    {
        // A lead that already moved on (ended, paused elsewhere) is not an error: the fresh row shows where it stands.
        await change(id, DashboardSession.UserName(HttpContext), cancellationToken);
        if (Request.Headers.ContainsKey(NudgeDashboard.FragmentHeaderName))
        {
            return await _leads.GetAsync(id, cancellationToken) is { } row
                ? Partial("_LeadRow", new LeadRowView(row, Filter, PageNumber))
                : NotFound();
        }

        return RedirectToPage(RouteFor(PageNumber));
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
