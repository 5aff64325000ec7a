using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages;

/// <summary>
/// <c>/logout</c>: a POST (with its antiforgery token) ends the session; a GET only shows the button, so that a link
/// or an image elsewhere cannot sign anyone out.
/// </summary>
public sealed class LogoutModel : PageModel
{
    /// <summary>Ends the session.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await DashboardSession.SignOutAsync(HttpContext);
        return Redirect("/login");
    }
}
