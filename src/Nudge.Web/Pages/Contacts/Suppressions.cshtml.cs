using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Contacts;

/// <summary>
/// <c>/contacts/suppressions</c>: the addresses and domains Nudge never writes to; add one (an address, or a domain with
/// or without <c>@</c>), remove one.
/// </summary>
public sealed class SuppressionsModel : PageModel
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 200;

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the page.</summary>
    public SuppressionsModel(IEngineStore store, TimeProvider timeProvider)
    {
        _store = store;
        _time = timeProvider;
    }

    /// <summary>The list.</summary>
    public IReadOnlyList<Suppression> Entries { get; private set; } = [];

    /// <summary>What was wrong with the form.</summary>
    public string? Error { get; private set; }

    /// <summary>What the last change did, after its redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>Lists the entries.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await _store.ListSuppressionsAsync(cancellationToken);

    /// <summary>Adds an address or a domain.</summary>
    public async Task<IActionResult> OnPostAddAsync(string? value, string? reason, CancellationToken cancellationToken)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? $"added from the dashboard by {DashboardSession.UserName(HttpContext)}" : reason.Trim();
        Suppression? entry = null;
        try
        {
            entry = Suppression.Parse(value ?? "", reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason, _time.GetUtcNow());
        }
        catch (FormatException e)
        {
            Error = e.Message;
        }

        if (entry is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Entries = await _store.ListSuppressionsAsync(cancellationToken);
            return Page();
        }

        var added = await _store.AddSuppressionAsync(entry, cancellationToken);
        return RedirectToPage(new { done = added ? $"Added {entry.Value}." : $"{entry.Value} was already on the list." });
    }

    /// <summary>Removes an entry.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string? value, CancellationToken cancellationToken)
    {
        var removed = !string.IsNullOrWhiteSpace(value) && await _store.RemoveSuppressionAsync(value.Trim(), cancellationToken);
        return RedirectToPage(new { done = removed ? $"Removed {value!.Trim()}." : "That entry was not on the list." });
    }
}
