using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nudge.Sandbox.Api;
using Nudge.Sandbox.Hosting;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox;

/// <summary>
/// An in-memory emulator of the Gmail v1 REST API on loopback, written from Google's documents. Point a Gmail client's
/// base address at <see cref="BaseAddress"/> and authenticate with a <see cref="SandboxMailbox.AccessToken"/>.
/// </summary>
/// <remarks>
/// Implemented: users.getProfile, messages.send/import/insert (JSON and <c>/upload/</c> media or multipart),
/// messages.get/list, messages.attachments.get, threads.get/list and history.list, with Google's error envelopes.
/// Requests are served concurrently; each mailbox has its own lock.
/// Around them: a fake of Google's OAuth authorization endpoint (<c>GET /o/oauth2/v2/auth</c>, an account chooser for
/// the installed-app client <see cref="OAuthClientId"/>) and token endpoint (<c>POST /token</c>: refresh-token and
/// authorization-code grants, PKCE) and per-method scopes, per-user per-minute quota and
/// the daily sending limit (<see cref="GmailSandboxOptions.QuotaRegime"/>, <see cref="GmailSandboxOptions.DailySendLimit"/>),
/// injected <see cref="GmailSandboxOptions.Faults"/>, and admin endpoints under <c>/sandbox/</c> (stats, stored
/// messages, revoke, faults, <c>POST /sandbox/mailboxes</c>, <c>GET /sandbox/oauth-client</c>) that need no token because the sandbox listens on loopback only.
/// </remarks>
public sealed class GmailSandbox : IAsyncDisposable
{
    // Gmail accepts messages up to 35 MB; base64 in JSON makes the body a third bigger.
    private const long MaxRequestBodyBytes = 50L * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly SandboxState _state;
    private int _stopped;

    private GmailSandbox(WebApplication app, SandboxState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the root address, e.g. <c>http://127.0.0.1:41234/</c>; Gmail paths are relative to it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the authorization endpoint, Google's <c>/o/oauth2/v2/auth</c> path under <see cref="BaseAddress"/>.</summary>
    public Uri AuthorizationEndpoint => new(BaseAddress, "o/oauth2/v2/auth");

    /// <summary>Gets the token endpoint (<c>POST /token</c>) for both the refresh-token and authorization-code grants.</summary>
    public Uri TokenEndpoint => new(BaseAddress, "token");

    /// <summary>Gets the installed-app client id that may be authorized for any mailbox (<see cref="GmailSandboxOptions.OAuthClientId"/>).</summary>
    public string OAuthClientId => _state.Options.OAuthClientId;

    /// <summary>Gets the installed-app client's secret (<see cref="GmailSandboxOptions.OAuthClientSecret"/>).</summary>
    public string OAuthClientSecret => _state.Options.OAuthClientSecret;

    /// <summary>Starts a sandbox on 127.0.0.1, loading <see cref="GmailSandboxOptions.DataPath"/> if it exists.</summary>
    /// <param name="options">The options; the sandbox keeps a reference to them.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The port or the history retention is out of range.</exception>
    /// <exception cref="ArgumentException">The installed-app client id or secret is empty.</exception>
    /// <exception cref="InvalidDataException">The state file or the recipients file cannot be read.</exception>
    public static async Task<GmailSandbox> StartAsync(GmailSandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.HistoryRetention, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OAuthClientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OAuthClientSecret);

        var state = new SandboxState(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(GmailSandbox).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The sandbox is configured only by its options: no appsettings.json, environment variables or ASPNETCORE_URLS
        // of the host program may change where it listens.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        var app = builder.Build();
        app.MapGmailApi(state);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        return new GmailSandbox(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Adds a mailbox, or returns the existing one for this address (case-insensitive).</summary>
    /// <param name="email">The mailbox's primary address.</param>
    /// <returns>The mailbox and its bearer access token, which stays the same across restarts with a state file.</returns>
    /// <exception cref="ArgumentException"><paramref name="email"/> is not an address.</exception>
    public SandboxMailbox AddMailbox(string email) => AddMailbox(email, SandboxAccountKind.Gmail);

    /// <summary>Adds a mailbox of the given kind and scopes, or returns the existing one (unchanged) for this address.</summary>
    /// <param name="email">The mailbox's primary address.</param>
    /// <param name="kind">The account kind, which sets the default daily sending limit.</param>
    /// <param name="scopes">
    /// The granted scopes (URLs or short forms such as <c>gmail.readonly</c>, see <see cref="SandboxScopes"/>); they
    /// apply to the returned access token and to tokens minted from the refresh token. Null or empty: full access.
    /// </param>
    /// <returns>The mailbox, its never-expiring access token and its OAuth refresh token and client.</returns>
    /// <exception cref="ArgumentException"><paramref name="email"/> is not an address, or a scope is not a Gmail scope.</exception>
    public SandboxMailbox AddMailbox(string email, SandboxAccountKind kind, IReadOnlyList<string>? scopes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{email}' is not an email address.", nameof(email));
        }

        var mailbox = _state.GetOrAddMailbox(email.Trim(), kind, scopes);
        var grant = mailbox.Grant;
        return new SandboxMailbox(mailbox.Email, mailbox.AccessToken, grant.RefreshToken, grant.ClientId, grant.ClientSecret, grant.Kind);
    }

    /// <summary>
    /// Gets when the next scripted recipient's answer is due, or <see langword="null"/> when none is pending. A demo with
    /// a simulated clock can move the clock there; the answer is delivered before the next request is handled.
    /// </summary>
    public DateTimeOffset? NextScheduledDeliveryAt => _state.Recipients.NextDueAt;

    /// <summary>Replaces the scripted recipients; answers already scheduled are still delivered.</summary>
    /// <param name="script">The new rules.</param>
    public void SetRecipients(Recipients.RecipientScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _state.Recipients.Replace(script);
    }

    /// <summary>Stops listening; requests in flight are given until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="cancellationToken">Ends the graceful shutdown early.</param>
    /// <returns>A task that completes when Kestrel has stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    /// <summary>Stops Kestrel (if still running) and releases everything the sandbox holds.</summary>
    /// <returns>A task that completes when nothing of the sandbox is left running.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
