using System.Globalization;
using System.Net.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.Quota;
using Nudge.Web.Dashboard;
using Nudge.Web.Dashboard.Mailboxes;

namespace Nudge.Web.Pages.Mailboxes;

/// <summary>
/// <c>/mailboxes</c>: each mailbox with its kind, status (and why it is paused), sends in 24 hours against its daily
/// limit and its quota units; resume a paused one; set its quota regime and daily limit; connect a Gmail account through
/// Google's consent page; with a sandbox, add a sandbox mailbox in one click or connect one through the sandbox's
/// consent page.
/// </summary>
public sealed class IndexModel : PageModel
{
    /// <summary>The path of the OAuth callback, under this site: the redirect URI to register for a Web client.</summary>
    public const string CallbackPath = "/mailboxes/oauth/callback";

    /// <summary>The cookie that binds a sign-in to the browser that started it (see <see cref="CallbackModel"/>).</summary>
    public const string FlowCookieName = "nudge.oauth";

    // A credentials.json is under 1 KB; anything much bigger is not one.
    private const int MaxCredentialsFileBytes = 64 * 1024;

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly MailboxConnector _connector;
    private readonly ILogger<IndexModel> _logger;

    /// <summary>Creates the page.</summary>
    public IndexModel(IEngineStore store, TimeProvider timeProvider, MailboxConnector connector, ILogger<IndexModel> logger)
    {
        _store = store;
        _time = timeProvider;
        _connector = connector;
        _logger = logger;
    }

    /// <summary>The mailboxes.</summary>
    public IReadOnlyList<MailboxRow> Rows { get; private set; } = [];

    /// <summary>What the last change did, after its redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>What was wrong with the last form, by field name (<c>email</c>, <c>dailyLimit</c>, …); "" for the form as a whole.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The form <see cref="Errors"/> belong to: <c>connect</c>, <c>sandbox</c>, or <c>quota-{id}</c>.</summary>
    public string? ErrorForm { get; private set; }

    /// <summary>The address typed into the connect form, shown again with its errors.</summary>
    public string? Email { get; private set; }

    /// <summary>The client id typed into the connect form, shown again with its errors (never the secret).</summary>
    public string? ClientId { get; private set; }

    /// <summary>Whether mailboxes can be connected here (there is a key to encrypt their credentials).</summary>
    public bool CanConnect => _connector.CanConnect;

    /// <summary>The sandbox this host is pointed at, if any.</summary>
    public Uri? SandboxUrl => _connector.SandboxUrl;

    /// <summary>The redirect URI this page sends to the consent page, for the instructions.</summary>
    public string CallbackUrl => $"{Request.Scheme}://{Request.Host}{CallbackPath}";

    /// <summary>The error of one field of one form, if any.</summary>
    public string? ErrorOf(string form, string field) => ErrorForm == form && Errors.TryGetValue(field, out var error) ? error : null;

    /// <summary>Lists the mailboxes.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Resumes a paused mailbox: the worker uses it again.</summary>
    public async Task<IActionResult> OnPostResumeAsync(long id, CancellationToken cancellationToken)
    {
        var mailbox = await _store.GetMailboxAsync(id, cancellationToken);
        if (mailbox is null)
        {
            return RedirectToPage(new { done = "That mailbox does not exist." });
        }

        if (mailbox.Status != MailboxStatus.Paused)
        {
            return RedirectToPage(new { done = $"{mailbox.Email} is not paused." });
        }

        await _store.ResumeMailboxAsync(mailbox.Id, cancellationToken);
        var user = DashboardSession.UserName(HttpContext);
        DashboardLog.MailboxResumed(_logger, mailbox.Email, user);
        return RedirectToPage(new { done = $"Resumed {mailbox.Email}: the worker uses it again." });
    }

    /// <summary>Sets a mailbox's quota regime and daily limit, as <c>nudge mailbox quota</c> does.</summary>
    public async Task<IActionResult> OnPostQuotaAsync(long id, string? regime, string? dailyLimit, CancellationToken cancellationToken)
    {
        var mailbox = await _store.GetMailboxAsync(id, cancellationToken);
        if (mailbox is null)
        {
            return RedirectToPage(new { done = "That mailbox does not exist." });
        }

        var form = $"quota-{id}";
        GmailQuotaRegime? newRegime = regime?.Trim().ToLowerInvariant() switch
        {
            "2026" => GmailQuotaRegime.May2026,
            "legacy" => GmailQuotaRegime.Legacy,
            _ => null,
        };
        if (newRegime is null)
        {
            Errors["regime"] = $"Quota regime: '{regime}' is not 2026 or legacy.";
        }

        // Blank or "default": the kind's limit (500 for gmail.com, 2,000 for Workspace).
        int? newLimit = null;
        var limitText = dailyLimit?.Trim() ?? "";
        if (limitText.Length > 0 && !string.Equals(limitText, "default", StringComparison.OrdinalIgnoreCase))
        {
            if (int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 10_000)
            {
                newLimit = parsed;
            }
            else
            {
                Errors["dailyLimit"] = $"Daily limit: '{limitText}' is not a number from 1 to 10000; leave it empty for the default of the mailbox's kind.";
            }
        }

        if (Errors.Count > 0)
        {
            return await InvalidAsync(form, cancellationToken);
        }

        await _store.SetMailboxQuotaAsync(mailbox.Id, newRegime!.Value, newLimit, cancellationToken);
        var updated = mailbox with { QuotaRegime = newRegime.Value, DailyLimitOverride = newLimit };
        var user = DashboardSession.UserName(HttpContext);
        var regimeName = newRegime == GmailQuotaRegime.Legacy ? "legacy" : "2026";
        var limit = updated.DailySendLimit;
        DashboardLog.MailboxQuotaSet(_logger, mailbox.Email, user, regimeName, limit);
        return RedirectToPage(new
        {
            done = string.Create(CultureInfo.InvariantCulture, $"{mailbox.Email}: quota regime {regimeName}, daily limit {limit:N0}."),
        });
    }

    /// <summary>
    /// Starts connecting a Gmail account through Google's consent page, with the OAuth client of an uploaded
    /// <c>credentials.json</c> or of a pasted id and secret.
    /// </summary>
    public async Task<IActionResult> OnPostConnectAsync(string? email, IFormFile? credentialsFile, string? clientId, string? clientSecret,
        CancellationToken cancellationToken)
    {
        Email = email?.Trim();
        ClientId = clientId?.Trim();
        var address = CheckAddress(email, "email");
        OAuthClient? client = null;
        var pasted = !string.IsNullOrWhiteSpace(clientId) || !string.IsNullOrWhiteSpace(clientSecret);
        if (credentialsFile is { Length: > 0 })
        {
            if (pasted)
            {
                Errors["credentialsFile"] = "credentials.json: give either the file or the client id and secret, not both.";
            }
            else if (credentialsFile.Length > MaxCredentialsFileBytes)
            {
                Errors["credentialsFile"] = "credentials.json: the file is too big to be an OAuth client's credentials.json.";
            }
            else
            {
                try
                {
                    using var reader = new StreamReader(credentialsFile.OpenReadStream());
                    client = OAuthClient.ParseCredentialsJson(await reader.ReadToEndAsync(cancellationToken));
                }
                catch (FormatException e)
                {
                    Errors["credentialsFile"] = "credentials.json: " + e.Message;
                }
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(clientId))
            {
                Errors["clientId"] = pasted
                    ? "Client id: give the OAuth client's id with its secret."
                    : "Client id: upload the OAuth client's credentials.json, or give its id and secret.";
            }

            if (string.IsNullOrWhiteSpace(clientSecret))
            {
                Errors["clientSecret"] = "Client secret: give the OAuth client's secret with its id.";
            }

            if (!string.IsNullOrWhiteSpace(clientId) && !string.IsNullOrWhiteSpace(clientSecret))
            {
                client = new OAuthClient(clientId.Trim(), clientSecret.Trim());
            }
        }

        if (address is null || client is null || Errors.Count > 0)
        {
            return await InvalidAsync("connect", cancellationToken);
        }

        return await StartAsync(address, client, OAuthEndpoints.Google, "connect", cancellationToken);
    }

    /// <summary>Starts connecting a sandbox mailbox through the sandbox's consent page, with the sandbox's own client.</summary>
    public async Task<IActionResult> OnPostConnectSandboxAsync(string? email, CancellationToken cancellationToken)
    {
        var address = CheckAddress(email, "sandboxEmail");
        if (SandboxUrl is null)
        {
            Errors[""] = "This dashboard is not pointed at a sandbox: start it with `nudge serve --sandbox URL`.";
        }

        if (address is null || Errors.Count > 0)
        {
            return await InvalidAsync("sandbox-oauth", cancellationToken);
        }

        OAuthClient client;
        try
        {
            client = await _connector.GetSandboxClientAsync(cancellationToken);
        }
        catch (MailboxConnectException e)
        {
            Errors[""] = e.Message;
            return await InvalidAsync("sandbox-oauth", cancellationToken);
        }

        return await StartAsync(address, client, OAuthEndpoints.ForSandbox(SandboxUrl!), "sandbox-oauth", cancellationToken);
    }

    /// <summary>Adds a new sandbox mailbox in one click (<c>POST /sandbox/mailboxes</c>) and connects it.</summary>
    public async Task<IActionResult> OnPostAddSandboxAsync(string? email, string? kind, CancellationToken cancellationToken)
    {
        const string form = "sandbox";
        var address = string.IsNullOrWhiteSpace(email) ? null : CheckAddress(email, "email");
        if (kind is not ("gmail" or "workspace"))
        {
            Errors["kind"] = $"Kind: '{kind}' is not gmail or workspace.";
        }

        if (!CanConnect)
        {
            Errors[""] = "This dashboard has no key to encrypt mailbox credentials with: start it with `nudge serve`.";
        }

        if (Errors.Count > 0)
        {
            return await InvalidAsync(form, cancellationToken);
        }

        try
        {
            var mailbox = await _connector.AddSandboxMailboxAsync(address, kind == "workspace", cancellationToken);
            return RedirectToPage(new { done = $"Connected {mailbox.Email}." });
        }
        catch (MailboxConnectException e)
        {
            DashboardLog.ConnectFailed(_logger, address ?? "(a new sandbox mailbox)", e.Message);
            Errors[""] = e.Message;
            return await InvalidAsync(form, cancellationToken);
        }
    }

    private async Task<IActionResult> StartAsync(string address, OAuthClient client, OAuthEndpoints endpoints, string form, CancellationToken cancellationToken)
    {
        if (!CanConnect)
        {
            Errors[""] = "This dashboard has no key to encrypt mailbox credentials with: start it with `nudge serve`.";
            return await InvalidAsync(form, cancellationToken);
        }

        // The consent page sends the browser back to this same host and port, the way the user reached the dashboard.
        var (flow, authorization) = _connector.Start(address, client, endpoints, CallbackUrl, DashboardSession.UserName(HttpContext));
        Response.Cookies.Append(FlowCookieName, OAuthFlowStore.StateHash(flow.State), new CookieOptions
        {
            HttpOnly = true,
            // Lax, not Strict: the cookie must come back with the consent page's cross-site redirect to the callback.
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps,
            Path = CallbackPath,
            MaxAge = OAuthFlowStore.Lifetime,
            IsEssential = true,
        });
        return Redirect(authorization.AbsoluteUri);
    }

    private string? CheckAddress(string? email, string field)
    {
        var address = email?.Trim() ?? "";
        if (address.Length == 0)
        {
            Errors[field] = "Address: give the mailbox's email address.";
            return null;
        }

        if (!MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            Errors[field] = $"Address: '{address}' is not an email address.";
            return null;
        }

        return address;
    }

    private async Task<IActionResult> InvalidAsync(string form, CancellationToken cancellationToken)
    {
        ErrorForm = form;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The sign-in forms are answered with a redirect to the consent page, which this page's policy must allow.
        SecurityHeaders.AllowFormRedirectsTo(Response, SandboxUrl is { } sandbox
            ? [OAuthEndpoints.Google.AuthorizationUrl, OAuthEndpoints.ForSandbox(sandbox).AuthorizationUrl]
            : [OAuthEndpoints.Google.AuthorizationUrl]);
        var since = _time.GetUtcNow() - TimeSpan.FromHours(24);
        var governor = new QuotaGovernor(_store, _time);
        var rows = new List<MailboxRow>();
        foreach (var mailbox in await _store.ListMailboxesAsync(cancellationToken))
        {
            rows.Add(new MailboxRow(mailbox, await _store.CountSentSinceAsync(mailbox.Id, since, cancellationToken),
                await governor.GetUsageAsync(mailbox, cancellationToken)));
        }

        Rows = rows;
    }
}
