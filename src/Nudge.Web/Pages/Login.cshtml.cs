using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages;

/// <summary>
/// <c>/login</c>: the sign-in form. One generic error for an unknown username and a wrong password; after repeated
/// failures (<see cref="LoginThrottle"/>) a 429 that says when to try again.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel : PageModel
{
    /// <summary>The one error for any wrong username or password, so that it tells nothing about which it was.</summary>
    public const string WrongCredentials = "Wrong username or password.";

    private readonly IEngineStore _store;
    private readonly AccountGate _gate;
    private readonly LoginThrottle _throttle;
    private readonly PasswordCheck _passwords;
    private readonly ILogger<LoginModel> _logger;

    /// <summary>Creates the page.</summary>
    public LoginModel(IEngineStore store, AccountGate gate, LoginThrottle throttle, PasswordCheck passwords, ILogger<LoginModel> logger)
    {
        _store = store;
        _gate = gate;
        _throttle = throttle;
        _passwords = passwords;
        _logger = logger;
    }

    /// <summary>The username typed.</summary>
    [BindProperty]
    public string? Username { get; set; }

    /// <summary>The password typed; never shown back.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Where to go after signing in: a local path only.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the sign-in failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form; to <c>/setup</c> while there is no account, on to the app when already signed in.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await _gate.HasAccountAsync(cancellationToken))
        {
            return Redirect("/setup");
        }

        return User.Identity?.IsAuthenticated == true ? LocalRedirect(Target()) : Page();
    }

    /// <summary>Checks the credentials and starts a session.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await _gate.HasAccountAsync(cancellationToken))
        {
            return Redirect("/setup");
        }

        var username = (Username ?? "").Trim();
        var client = HttpContext.Connection.RemoteIpAddress;
        var clientText = client?.ToString() ?? "?";
        if (_throttle.RetryAfter(username, client) is { } wait)
        {
            // Refused without looking at the password: a guess made now is not even checked.
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            Error = $"Too many failed sign-ins. Try again in {Minutes(wait)}.";
            return Page();
        }

        var password = Password ?? "";
        var user = username.Length is > 0 and <= 256 && password.Length <= PasswordCheck.MaxLength
            ? await _store.FindUserAsync(username, cancellationToken)
            : null;
        var result = _passwords.Verify(user, password.Length <= PasswordCheck.MaxLength ? password : "");
        if (user is null || result == PasswordVerificationResult.Failed)
        {
            DashboardLog.SignInFailed(_logger, username, clientText);
            if (_throttle.RecordFailure(username, client) is { } lockout)
            {
                DashboardLog.LockedOut(_logger, username, clientText, lockout);
            }

            Error = WrongCredentials;
            return Page();
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await _store.UpdatePasswordHashAsync(user.Id, _passwords.Hash(user.Username, password), cancellationToken);
            DashboardLog.PasswordRehashed(_logger, user.Username);
        }

        _throttle.RecordSuccess(username, client);
        await DashboardSession.SignInAsync(HttpContext, user);
        DashboardLog.SignedIn(_logger, user.Username, clientText);
        return LocalRedirect(Target());
    }

    private string Target() => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/";

    private static string Minutes(TimeSpan wait)
    {
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return minutes == 1 ? "1 minute" : string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes");
    }
}
