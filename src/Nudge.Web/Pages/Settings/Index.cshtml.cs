using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nudge.Web.Pages.Settings;

/// <summary><c>/settings</c>: the list of settings pages.</summary>
public sealed class IndexModel : PageModel
{
}
