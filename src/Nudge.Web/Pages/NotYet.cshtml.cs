using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nudge.Web.Pages;

/// <summary>
/// The sections of the navigation that have no page yet, so that their links lead somewhere honest. A page with its
/// own literal route (<c>/contacts</c>) takes precedence over this one's parameter, so adding it needs no change here.
/// </summary>
public sealed class NotYetModel : PageModel
{
    /// <summary>The section's path segment.</summary>
    public string Section { get; private set; } = "";

    /// <summary>The section's name.</summary>
    public string Title => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Section);

    /// <summary>Shows the notice.</summary>
    public void OnGet(string section) => Section = section;
}
