using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.Accounts;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages;

/// <summary>
/// <c>/setup</c>: creates the administrator account, only while there is none; afterwards it only redirects to
/// <c>/login</c>. Two setups racing make one account (the store inserts only into an empty table).
/// </summary>
[AllowAnonymous]
public sealed partial class SetupModel : PageModel
{
    /// <summary>The longest username.</summary>
    public const int MaxUsernameLength = 64;

    private readonly IEngineStore _store;
    private readonly AccountGate _gate;
    private readonly PasswordCheck _passwords;
    private readonly TimeProvider _time;
    private readonly ILogger<SetupModel> _logger;

    /// <summary>Creates the page.</summary>
    public SetupModel(IEngineStore store, AccountGate gate, PasswordCheck passwords, TimeProvider timeProvider, ILogger<SetupModel> logger)
    {
        _store = store;
        _gate = gate;
        _passwords = passwords;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>The username typed.</summary>
    [BindProperty]
    public string? Username { get; set; } = "admin";

    /// <summary>The password typed; never shown back.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The password typed again.</summary>
    [BindProperty]
    public string? Confirm { get; set; }

    /// <summary>What is wrong with the form.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Shows the form while there is no account.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await _gate.HasAccountAsync(cancellationToken) ? Redirect("/login") : Page();

    /// <summary>Creates the account and signs it in.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await _gate.HasAccountAsync(cancellationToken))
        {
            return Redirect("/login");
        }

        var username = (Username ?? "").Trim().ToLowerInvariant();
        var password = Password ?? "";
        if (!UsernamePattern().IsMatch(username))
        {
            Errors.Add($"The username must be 1 to {MaxUsernameLength} letters, digits, dots, dashes, underscores or @.");
        }

        if (password.Length < PasswordCheck.MinLength)
        {
            Errors.Add($"The password must have at least {PasswordCheck.MinLength} characters.");
        }
        else if (password.Length > PasswordCheck.MaxLength)
        {
            Errors.Add($"The password must have at most {PasswordCheck.MaxLength} characters.");
        }
        else if (password != Confirm)
        {
            Errors.Add("The two passwords differ.");
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var user = new UserAccount(0, username, _passwords.Hash(username, password), _time.GetUtcNow());
        if (await _store.AddFirstUserAsync(user, cancellationToken) is not { } id)
        {
            // Another setup got there first: that account is the one.
            _gate.MarkCreated();
            return Redirect("/login");
        }

        _gate.MarkCreated();
        DashboardLog.AccountCreated(_logger, username);
        await DashboardSession.SignInAsync(HttpContext, user with { Id = id });
        return Redirect("/");
    }

    [GeneratedRegex("^[a-z0-9._@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
