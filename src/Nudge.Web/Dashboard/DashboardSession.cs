using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Nudge.Core.Accounts;

namespace Nudge.Web.Dashboard;

/// <summary>Starting and ending a dashboard session (the <c>nudge.session</c> cookie).</summary>
public static class DashboardSession
{
    /// <summary>Signs the account in: a session cookie (gone with the browser) whose ticket expires after 8 idle hours.</summary>
    public static Task SignInAsync(HttpContext context, UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Username),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Ends the session.</summary>
    public static Task SignOutAsync(HttpContext context) =>
        context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);

    /// <summary>The signed-in user's name, for the timeline and the logs.</summary>
    public static string UserName(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.Name ?? "?";
    }
}
