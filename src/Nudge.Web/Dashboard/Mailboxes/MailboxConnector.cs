using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Apis.Auth.OAuth2.Requests;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Nudge.Core.Abstractions;
using Nudge.Core.GmailApi;
using Nudge.Gmail.Auth;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>
/// Connects mailboxes from the dashboard as <c>nudge mailbox add</c> does: the OAuth authorization-code flow with PKCE
/// in the browser (Google's, or a sandbox's), or a new sandbox mailbox in one call. Each connection is checked by
/// reading the mailbox's profile, then saved with its credential encrypted by
/// <see cref="DashboardOptions.CredentialProtector"/>; signing an existing mailbox in again replaces its credential and
/// resumes it.
/// </summary>
public sealed class MailboxConnector : IDisposable
{
    private readonly IEngineStore _store;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;
    private readonly OAuthFlowStore _flows;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly IGmailClientFactory _gmailClients;

    /// <summary>Creates the connector.</summary>
    public MailboxConnector(IEngineStore store, DashboardOptions options, TimeProvider timeProvider, OAuthFlowStore flows,
        DashboardGmailClients gmail, ILogger<MailboxConnector> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gmail);
        _store = store;
        _options = options;
        _time = timeProvider;
        _flows = flows;
        _logger = logger;
        _gmailClients = gmail.Clients;
    }

    /// <summary>Whether mailboxes can be connected: only with a key to encrypt their credentials.</summary>
    public bool CanConnect => _options.CredentialProtector is not null;

    /// <summary>The sandbox this host is pointed at, if any.</summary>
    public Uri? SandboxUrl => _options.SandboxUrl;

    /// <summary>
    /// Starts a sign-in: keeps a <see cref="PendingOAuthFlow"/> and returns it with the consent page's URL (PKCE S256,
    /// offline access, consent always shown so that a refresh token comes back, the address as login hint).
    /// </summary>
    public (PendingOAuthFlow Flow, Uri AuthorizationUri) Start(string email, OAuthClient client, OAuthEndpoints endpoints, string redirectUri,
        string startedBy)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoints);
        var flow = new PendingOAuthFlow(OAuthFlowStore.NewSecret(), OAuthFlowStore.NewSecret(), client, email, endpoints, redirectUri, startedBy,
            _flows.NewExpiry());
        _flows.Add(flow);
        var uri = QueryHelpers.AddQueryString(endpoints.AuthorizationUrl.AbsoluteUri, new Dictionary<string, string?>
        {
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = string.Join(' ', GmailScopes.Nudge),
            ["state"] = flow.State,
            ["code_challenge"] = OAuthFlowStore.Challenge(flow.CodeVerifier),
            ["code_challenge_method"] = "S256",
            ["access_type"] = "offline",
            // Always ask: Google sends a refresh token only with a consent, even to a client that was allowed before.
            ["prompt"] = "consent",
            ["login_hint"] = email,
        });
        var authority = endpoints.AuthorizationUrl.GetLeftPart(UriPartial.Authority);
        DashboardLog.OAuthStarted(_logger, email, authority, startedBy);
        return (flow, new Uri(uri));
    }

    /// <summary>
    /// Finishes a sign-in: exchanges the code (with the PKCE verifier), requires a refresh token, checks that the
    /// signed-in account is the address asked for, and saves the mailbox.
    /// </summary>
    /// <exception cref="MailboxConnectException">Any of these failed; nothing was saved.</exception>
    public async Task<Mailbox> CompleteAsync(PendingOAuthFlow flow, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var provider = flow.Endpoints.IsSandbox ? "The sandbox" : "Google";
        TokenResponse token;
        try
        {
            token = await new AuthorizationCodeTokenRequest
            {
                Code = code,
                RedirectUri = flow.RedirectUri,
                CodeVerifier = flow.CodeVerifier,
                ClientId = flow.Client.ClientId,
                ClientSecret = flow.Client.ClientSecret,
            }.ExecuteAsync(_http, flow.Endpoints.TokenUrl, cancellationToken, new TimeProviderClock(_time));
        }
        catch (TokenResponseException e)
        {
            throw new MailboxConnectException(
                $"{provider} refused the sign-in code ({e.Error?.Error}{(e.Error?.ErrorDescription is { Length: > 0 } d ? ": " + d : "")}). "
                + "Check the OAuth client, then connect again.", e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MailboxConnectException($"{provider}'s token endpoint {flow.Endpoints.TokenUrl} could not be reached: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(token.RefreshToken))
        {
            throw new MailboxConnectException(
                $"{provider} sent no refresh token, so Nudge could not keep {flow.Email} signed in: remove Nudge's access at "
                + "https://myaccount.google.com/permissions and connect again. Nothing was saved.");
        }

        var credential = MailboxCredential.ForOAuthUser(flow.Client.ClientId, flow.Client.ClientSecret, token);
        var kind = flow.Endpoints.IsSandbox ? MailboxKind.Sandbox : KindOf(flow.Email);
        return await CheckAndSaveAsync(flow.Email, kind, flow.Endpoints.ApiBaseUrl, flow.Endpoints.TokenUrl, credential, token.AccessToken, cancellationToken);
    }

    /// <summary>The sandbox's installed-app client, for a sign-in through its consent page.</summary>
    /// <exception cref="MailboxConnectException">No sandbox, or it did not answer with a client.</exception>
    public async Task<OAuthClient> GetSandboxClientAsync(CancellationToken cancellationToken)
    {
        var sandbox = SandboxRoot();
        try
        {
            using var response = await _http.GetAsync(new Uri(sandbox, "sandbox/oauth-client"), cancellationToken);
            if (response.IsSuccessStatusCode
                && await response.Content.ReadFromJsonAsync(DashboardJsonContext.Default.SandboxOAuthClient, cancellationToken) is
                { ClientId: { Length: > 0 } id, ClientSecret: { Length: > 0 } secret })
            {
                return new OAuthClient(id, secret);
            }

            throw new MailboxConnectException($"The sandbox at {sandbox} has no OAuth client (GET /sandbox/oauth-client answered {(int)response.StatusCode}).");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MailboxConnectException($"The sandbox at {sandbox} could not be reached: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates a mailbox in the sandbox (<c>POST /sandbox/mailboxes</c>) and saves it as
    /// <c>nudge mailbox add EMAIL --sandbox URL --refresh-token T --client-id I --client-secret S</c> does: a refresh
    /// right away proves the client and the token, the profile the address.
    /// </summary>
    /// <param name="email">The address, or <see langword="null"/> for one the sandbox picks.</param>
    /// <param name="workspace">A Workspace account (2,000 sends a day in the sandbox) rather than a gmail.com one.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="MailboxConnectException">The sandbox refused (the address exists, or is not one) or failed.</exception>
    public async Task<Mailbox> AddSandboxMailboxAsync(string? email, bool workspace, CancellationToken cancellationToken)
    {
        var sandbox = SandboxRoot();
        SandboxMailboxCreated created;
        try
        {
            using var response = await _http.PostAsJsonAsync(new Uri(sandbox, "sandbox/mailboxes"),
                new SandboxMailboxRequest(email, workspace ? "workspace" : "gmail"), DashboardJsonContext.Default.SandboxMailboxRequest, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                throw new MailboxConnectException($"The sandbox already has a mailbox {email}: connect it through the sandbox's sign-in instead.");
            }

            if (!response.IsSuccessStatusCode)
            {
                var detail = await ErrorOfAsync(response, cancellationToken);
                throw new MailboxConnectException($"The sandbox refused the new mailbox ({(int)response.StatusCode}{detail}).");
            }

            created = await response.Content.ReadFromJsonAsync(DashboardJsonContext.Default.SandboxMailboxCreated, cancellationToken)
                ?? throw new MailboxConnectException("The sandbox answered an empty body.");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MailboxConnectException($"The sandbox at {sandbox} could not be reached: {e.Message}", e);
        }

        if (created.Email is not { Length: > 0 } address)
        {
            throw new MailboxConnectException("The sandbox's answer names no mailbox.");
        }

        var apiBase = created.BaseUrl is { Length: > 0 } baseUrl && Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed)
            ? OAuthEndpoints.Root(parsed).ToString()
            : sandbox.ToString();
        var tokenUrl = created.TokenUrl is { Length: > 0 } t ? t : new Uri(sandbox, "token").ToString();
        if (created is { RefreshToken: { Length: > 0 } refresh, ClientId: { Length: > 0 } clientId, ClientSecret: { Length: > 0 } clientSecret })
        {
            MailboxCredential credential;
            string accessToken;
            try
            {
                (credential, accessToken) = await MailboxCredential.SignInWithRefreshTokenAsync(address, clientId, clientSecret, refresh, tokenUrl, _time,
                    cancellationToken);
            }
            catch (MailboxAuthorizationException e)
            {
                throw new MailboxConnectException("The sandbox refused the new mailbox's refresh token: " + e.Message, e);
            }

            return await CheckAndSaveAsync(address, MailboxKind.Sandbox, apiBase, tokenUrl, credential, accessToken, cancellationToken);
        }

        if (created.AccessToken is { Length: > 0 } access)
        {
            return await CheckAndSaveAsync(address, MailboxKind.Sandbox, apiBase, null, MailboxCredential.ForAccessToken(access), access, cancellationToken);
        }

        throw new MailboxConnectException("The sandbox's answer has neither a refresh token with its client nor an access token.");
    }

    public void Dispose()
    {
        _http.Dispose();
    }

    /// <summary>The kind Google's daily limit goes by: 500 for gmail.com, 2,000 for a Workspace domain.</summary>
    public static MailboxKind KindOf(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        return domain is "gmail.com" or "googlemail.com" ? MailboxKind.Gmail : MailboxKind.Workspace;
    }

    private async Task<Mailbox> CheckAndSaveAsync(string email, MailboxKind kind, string apiBaseUrl, string? tokenUrl, MailboxCredential credential,
        string accessToken, CancellationToken cancellationToken)
    {
        var protector = _options.CredentialProtector
            ?? throw new MailboxConnectException("This dashboard has no key to encrypt mailbox credentials with: start it with `nudge serve`.");
        GmailProfile profile;
        try
        {
            profile = await _gmailClients.Create(new Mailbox(0, "", "", apiBaseUrl, accessToken, null)).GetProfileAsync(cancellationToken);
        }
        catch (GmailApiException e)
        {
            throw new MailboxConnectException($"Reading the mailbox's profile failed: {e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MailboxConnectException($"The Gmail API at {apiBaseUrl} could not be reached: {e.Message}", e);
        }

        // The mailbox must be the one signed in: the consent page signs in whichever account the user chose there.
        if (!string.Equals(profile.EmailAddress, email, StringComparison.OrdinalIgnoreCase))
        {
            DashboardLog.WrongAccount(_logger, profile.EmailAddress, email);
            throw new MailboxConnectException(
                $"You signed in as {profile.EmailAddress}, not {email}, so nothing was saved. Connect again and choose {email} on the consent page "
                + $"(or connect {profile.EmailAddress} under its own address).");
        }

        var existing = (await _store.ListMailboxesAsync(cancellationToken)).FirstOrDefault(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase));
        var mailbox = new Mailbox(
            0,
            existing?.Email ?? email,
            existing?.DisplayName ?? email,
            apiBaseUrl,
            "",
            null,
            kind,
            CredentialCiphertext: protector.Protect(credential.ToJson()),
            TokenUrl: tokenUrl);
        // An upsert: a mailbox signed in again keeps its id, history and quota settings, takes the new credential and is
        // active again (a paused invalid_grant is fixed by exactly this).
        var id = await _store.UpsertMailboxAsync(mailbox, cancellationToken);
        DashboardLog.MailboxConnected(_logger, mailbox.Email, kind.ToString().ToLowerInvariant(), existing is not null);
        return mailbox with { Id = id };
    }

    private Uri SandboxRoot() => _options.SandboxUrl is { } url
        ? OAuthEndpoints.Root(url)
        : throw new MailboxConnectException("This dashboard is not pointed at a sandbox: start it with `nudge serve --sandbox URL`.");

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync(DashboardJsonContext.Default.SandboxError, cancellationToken);
            var text = error?.Message ?? error?.Error;
            return text is { Length: > 0 } ? ": " + text : "";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "";
        }
    }
}
