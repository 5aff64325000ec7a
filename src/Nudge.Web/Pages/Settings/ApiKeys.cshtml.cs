using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.Accounts;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Settings;

/// <summary>
/// <c>/settings/api-keys</c>: the API keys (name, prefix, created, last used, revoked); create one, shown in full once in
/// the answer to its POST and never again (nor logged); revoke one.
/// </summary>
public sealed class ApiKeysModel : PageModel
{
    /// <summary>The longest key name.</summary>
    public const int MaxNameLength = 100;

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeysModel> _logger;

    /// <summary>Creates the page.</summary>
    public ApiKeysModel(IEngineStore store, TimeProvider timeProvider, ILogger<ApiKeysModel> logger)
    {
        _store = store;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Every key, revoked ones included.</summary>
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>The key just created, in full: only in the answer to the POST that created it.</summary>
    public string? NewKey { get; private set; }

    /// <summary>The name of <see cref="NewKey"/>.</summary>
    public string? NewKeyName { get; private set; }

    /// <summary>What was wrong with the form.</summary>
    public string? Error { get; private set; }

    /// <summary>Lists the keys.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => Keys = await _store.ListApiKeysAsync(cancellationToken);

    /// <summary>Creates a key and shows it once.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            Error = $"Give the key a name of 1 to {MaxNameLength} characters, saying what uses it.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            // The answer is the only place the key ever appears: not in a redirect, a log or the store.
            var (key, stored) = ApiKeys.Create(name, _time.GetUtcNow());
            await _store.AddApiKeyAsync(stored, cancellationToken);
            DashboardLog.ApiKeyCreated(_logger, stored.Prefix, stored.Name, DashboardSession.UserName(HttpContext));
            NewKey = key;
            NewKeyName = stored.Name;
        }

        Keys = await _store.ListApiKeysAsync(cancellationToken);
        return Page();
    }

    /// <summary>Revokes a key.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        if (await _store.RevokeApiKeyAsync(id, _time.GetUtcNow(), cancellationToken))
        {
            DashboardLog.ApiKeyRevoked(_logger, id, DashboardSession.UserName(HttpContext));
        }

        return RedirectToPage();
    }
}
