using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;

namespace Nudge.Web.Pages.Contacts;

/// <summary>
/// <c>/contacts</c>: the contacts, searched by address or field value and paged, each with its number of enrollments; the
/// way to the CSV import and the suppression list.
/// </summary>
public sealed class IndexModel : PageModel
{
    /// <summary>Contacts per page.</summary>
    public const int PageSize = 50;

    private readonly IEngineStore _store;

    /// <summary>Creates the page.</summary>
    public IndexModel(IEngineStore store)
    {
        _store = store;
    }

    /// <summary>The search: part of an address or of a field value.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The page shown, from 1.</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    /// <summary>The contacts of the page.</summary>
    public IReadOnlyList<Contact> Contacts { get; private set; } = [];

    /// <summary>How many enrollments each contact of the page has, by contact id.</summary>
    public IReadOnlyDictionary<long, int> Enrollments { get; private set; } = new Dictionary<long, int>();

    /// <summary>How many contacts match in all.</summary>
    public int Total { get; private set; }

    /// <summary>How many pages there are.</summary>
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Reads the page of contacts.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        var page = await _store.SearchContactsAsync(search, (PageNumber - 1) * PageSize, PageSize, cancellationToken);
        Contacts = page.Items;
        Total = page.Total;
        var counts = new Dictionary<long, int>();
        foreach (var contact in Contacts)
        {
            counts[contact.Id] = (await _store.ListEnrollmentsForContactAsync(contact.Id, cancellationToken)).Count;
        }

        Enrollments = counts;
    }

    /// <summary>The query of another page of the same search.</summary>
    public Dictionary<string, string> RouteFor(int page)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrWhiteSpace(Q))
        {
            values["q"] = Q.Trim();
        }

        return values;
    }
}
