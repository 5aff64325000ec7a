using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Nudge.Core.Abstractions;
using Nudge.Core.Accounts;
using Nudge.Web.Dashboard.Mailboxes;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The dashboard: Razor Pages behind a cookie session, and the wiring that makes every endpoint of the host need that
/// session unless it says otherwise.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Deny by default.</b> The authorization fallback policy requires a signed-in user of every endpoint that
/// carries no authorization metadata, dashboard or not. Public endpoints opt out with <c>AllowAnonymous()</c>
/// (<c>/setup</c>, <c>/login</c>, <c>/assets/*</c>, the unsubscribe pages, the push endpoint); endpoints with a credential
/// of their own (the HTTP API) carry <see cref="OwnAuthentication"/>.</item>
/// <item><b>Session.</b> Cookie <c>nudge.session</c>: HttpOnly, SameSite=Strict, Secure when the request is https,
/// ticket sliding over 8 hours. Anonymous requests are sent to <c>/login</c>, or to <c>/setup</c> while there is no
/// account; a request of <c>nudge.js</c> (header <c>Nudge-Fragment</c>) gets a 401 instead.</item>
/// <item><b>Antiforgery.</b> Razor Pages check the token on every POST (never turned off here); forms carry it as a
/// field, <c>nudge.js</c> also as the <c>RequestVerificationToken</c> header.</item>
/// <item><b>Headers.</b> <see cref="SecurityHeaders"/> on every response.</item>
/// </list>
/// </remarks>
public static class NudgeDashboard
{
    /// <summary>The session cookie's name.</summary>
    public const string SessionCookieName = "nudge.session";

    /// <summary>The antiforgery cookie's name.</summary>
    public const string AntiforgeryCookieName = "nudge.antiforgery";

    /// <summary>The header that carries the antiforgery token of a script's request.</summary>
    public const string AntiforgeryHeaderName = "RequestVerificationToken";

    /// <summary>The header <c>nudge.js</c> sends to ask for an HTML fragment instead of a redirect.</summary>
    public const string FragmentHeaderName = "Nudge-Fragment";

    /// <summary>How long a session lasts without a request.</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromHours(8);

    /// <summary>Registers the dashboard's services: pages, session, antiforgery, the deny-by-default policy.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="store">The store the pages read and write.</param>
    /// <param name="timeProvider">The clock (sessions, login throttling, timestamps).</param>
    /// <param name="configure">Sets <see cref="DashboardOptions"/>.</param>
    public static IServiceCollection AddNudgeDashboard(this IServiceCollection services, IEngineStore store, TimeProvider timeProvider,
        Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var options = new DashboardOptions();
        configure?.Invoke(options);

        services.AddSingleton(store);
        services.AddSingleton(timeProvider);
        services.AddSingleton(options);
        services.AddSingleton(DashboardAssets.Load());
        services.AddSingleton<AccountGate>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<PasswordCheck>();
        services.AddSingleton<LeadBoard>();
        services.AddSingleton<SequenceLibrary>();
        services.AddSingleton<DashboardGmailClients>();
        services.AddSingleton<TemplateTestSender>();
        services.AddSingleton<OAuthFlowStore>();
        services.AddSingleton<MailboxConnector>();

        // A fixed application name, so that the keys (and the sessions they sign) do not depend on the folder the CLI
        // was started from.
        var protection = services.AddDataProtection().SetApplicationName("nudge-dashboard");
        if (options.KeysDirectory is { } keys)
        {
            protection.PersistKeysToFileSystem(Directory.CreateDirectory(keys));
        }
        else
        {
            // Keys in memory only: nothing written to the user's home (tests, throwaway hosts); sessions end with the process.
            protection.UseEphemeralDataProtectionProvider();
        }

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeaderName;
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // SecurityHeaders sends DENY, stricter than the SAMEORIGIN antiforgery would add.
            o.SuppressXFrameOptionsHeader = true;
        });

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = SessionCookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Loopback http must work; behind https the cookie is Secure.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionIdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/login";
            o.ReturnUrlParameter = "returnUrl";
            o.TimeProvider = timeProvider;
            o.Events.OnRedirectToLogin = RedirectToLoginAsync;
        });

        services.AddAuthorization(o =>
        {
            var session = new AuthorizationPolicyBuilder(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true
                    || (c.Resource is HttpContext http && http.GetEndpoint()?.Metadata.GetMetadata<OwnAuthentication>() is not null))
                .Build();
            o.DefaultPolicy = session;
            o.FallbackPolicy = session;
        });

        services.AddRazorPages(o =>
        {
            // One form for a new sequence and an existing one: /sequences/new is the edit page without a name.
            o.Conventions.AddPageRoute("/Sequences/Edit", "/sequences/new");
        }).ConfigureApplicationPartManager(parts =>
        {
            // Only this assembly's pages: the default parts come from the entry assembly, which is the CLI (or a test
            // runner) and holds none.
            parts.ApplicationParts.Clear();
            var assembly = typeof(NudgeDashboard).Assembly;
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
            {
                parts.ApplicationParts.Add(part);
            }
        });

        return services;
    }

    /// <summary>
    /// Adds the dashboard's middleware (security headers, authentication, authorization) to the pipeline and maps its
    /// pages and <c>/assets/{name}</c>. Call it first, before any other middleware, after <see cref="AddNudgeDashboard"/>.
    /// </summary>
    /// <param name="app">The built host.</param>
    public static WebApplication MapNudgeDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDashboardAssets(app.Services.GetRequiredService<DashboardAssets>());
        app.MapRazorPages();
        return app;
    }

    private static async Task RedirectToLoginAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        var http = context.HttpContext;
        if (http.Request.Headers.ContainsKey(FragmentHeaderName))
        {
            // A script asked for a fragment: it reloads the page, which then goes to the login page.
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var gate = http.RequestServices.GetRequiredService<AccountGate>();
        http.Response.Redirect(await gate.HasAccountAsync(http.RequestAborted) ? context.RedirectUri : "/setup");
    }
}
