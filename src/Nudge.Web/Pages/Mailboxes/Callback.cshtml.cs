using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Nudge.Web.Dashboard;
using Nudge.Web.Dashboard.Mailboxes;

namespace Nudge.Web.Pages.Mailboxes;

/// <summary>
/// <c>/mailboxes/oauth/callback</c>: where the consent page (Google's or a sandbox's) sends the browser back with a code
/// or an error; finishes the sign-in the mailboxes page started and saves the mailbox.
/// </summary>
/// <remarks>
/// <para>
/// Public on purpose. The session cookie is SameSite=Strict, so a browser does not send it with the redirect that
/// comes from accounts.google.com, another site: behind the session this page could never be reached. The sign-in
/// is authenticated instead by its own two halves: the random <c>state</c> in the URL must name a sign-in that a
/// signed-in user started (kept on the server for 10 minutes, usable once), and the browser must send back the
/// HttpOnly SameSite=Lax cookie with that state's hash, set when the sign-in started; Lax cookies do come with a
/// cross-site top-level GET. A forged or replayed callback, or one opened in another browser, saves nothing.
/// </para>
/// <para>
/// On success the page answers itself rather than redirecting: a redirect would still be part of the navigation
/// that the other site started, so the Strict session cookie would be left out of it too and the mailboxes page would
/// ask to sign in. The page's refresh to <c>/mailboxes</c> is a new navigation from this site, which carries it.
/// </para>
/// </remarks>
[AllowAnonymous]
public sealed class CallbackModel : PageModel
{
    private readonly OAuthFlowStore _flows;
    private readonly MailboxConnector _connector;
    private readonly ILogger<CallbackModel> _logger;

    /// <summary>Creates the page.</summary>
    public CallbackModel(OAuthFlowStore flows, MailboxConnector connector, ILogger<CallbackModel> logger)
    {
        _flows = flows;
        _connector = connector;
        _logger = logger;
    }

    /// <summary>What went wrong, said so that the user knows what to do.</summary>
    public string? Error { get; private set; }

    /// <summary>The mailbox connected.</summary>
    public string? Connected { get; private set; }

    /// <summary>Where the page goes next: the mailboxes page with the notice.</summary>
    public string NextUrl => "/mailboxes" + (Connected is null ? "" : "?done=" + Uri.EscapeDataString($"Connected {Connected}."));

    /// <summary>Finishes the sign-in.</summary>
    public async Task<IActionResult> OnGetAsync(string? state, string? code, string? error, CancellationToken cancellationToken)
    {
        var flow = _flows.Take(state, Request.Cookies[IndexModel.FlowCookieName]);
        Response.Cookies.Delete(IndexModel.FlowCookieName, new CookieOptions { Path = IndexModel.CallbackPath, Secure = Request.IsHttps });
        if (flow is null)
        {
            var why = string.IsNullOrEmpty(Request.Cookies[IndexModel.FlowCookieName]) ? "no sign-in cookie" : "unknown, expired or used state";
            DashboardLog.OAuthCallbackRefused(_logger, why);
            return Refuse("This sign-in is unknown, has expired (after 10 minutes) or was already used, or it was started in another browser. "
                + "Nothing was saved: connect the mailbox again from the Mailboxes page.");
        }

        if (!string.IsNullOrEmpty(error))
        {
            DashboardLog.ConnectFailed(_logger, flow.Email, "the consent page answered " + error);
            return Refuse(error == "access_denied"
                ? $"Access was denied on the consent page, so {flow.Email} was not connected. Connect it again and choose Allow to let Nudge send and read its mail."
                : $"The consent page answered with the error '{error}', so {flow.Email} was not connected.");
        }

        if (string.IsNullOrEmpty(code))
        {
            return Refuse($"The consent page sent no code, so {flow.Email} was not connected. Connect it again.");
        }

        try
        {
            var mailbox = await _connector.CompleteAsync(flow, code, cancellationToken);
            Connected = mailbox.Email;
            return Page();
        }
        catch (MailboxConnectException e)
        {
            DashboardLog.ConnectFailed(_logger, flow.Email, e.Message);
            return Refuse(e.Message);
        }
    }

    private PageResult Refuse(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
