using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace Nudge.IntegrationTests.Sandbox;

/// <summary>
/// Plays the browser in the authorization-code flow over plain HTTP: opens the consent page, posts the form as the page
/// would, and reads the 302 back to the loopback redirect without following it (nothing listens there).
/// </summary>
internal sealed class ConsentBrowser : IDisposable
{
    public const string RedirectUri = "http://127.0.0.1:53682/oauth/callback";

    private readonly HttpClient _http;

    public ConsentBrowser(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        return (verifier, challenge);
    }

    /// <summary>The parameters a client sends to the authorization endpoint, with S256 PKCE and offline access.</summary>
    public static Dictionary<string, string> Request(string challenge, string state = "xyz-state", string scope = "https://mail.google.com/", string? loginHint = null)
    {
        var request = new Dictionary<string, string>
        {
            ["client_id"] = Nudge.Sandbox.GmailSandboxOptions.DefaultOAuthClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["access_type"] = "offline",
            ["prompt"] = "consent",
        };
        if (loginHint is not null)
        {
            request["login_hint"] = loginHint;
        }

        return request;
    }

    public async Task<HttpResponseMessage> OpenAsync(IReadOnlyDictionary<string, string> request) =>
        await _http.GetAsync("o/oauth2/v2/auth?" + Query(request), TestContext.Current.CancellationToken);

    /// <summary>Posts the consent form: the request echoed, the chosen account and the button pressed.</summary>
    public async Task<HttpResponseMessage> DecideAsync(IReadOnlyDictionary<string, string> request, string decision, string? account)
    {
        var form = new Dictionary<string, string>(request) { ["decision"] = decision };
        if (account is not null)
        {
            form["account"] = account;
        }

        using var content = new FormUrlEncodedContent(form);
        return await _http.PostAsync("o/oauth2/v2/auth/approve", content, TestContext.Current.CancellationToken);
    }

    /// <summary>Allows and returns the redirect's query parameters.</summary>
    public async Task<System.Collections.Specialized.NameValueCollection> AllowAsync(IReadOnlyDictionary<string, string> request, string account)
    {
        using var response = await DecideAsync(request, "allow", account);
        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        return RedirectQuery(response, request["redirect_uri"]);
    }

    public static System.Collections.Specialized.NameValueCollection RedirectQuery(HttpResponseMessage response, string redirectUri)
    {
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith(redirectUri + "?");
        return HttpUtility.ParseQueryString(location[(redirectUri.Length + 1)..]);
    }

    public async Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await _http.PostAsync("token", content, TestContext.Current.CancellationToken);
    }

    public static Dictionary<string, string> Exchange(string code, string verifier, string redirectUri = RedirectUri) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["client_id"] = Nudge.Sandbox.GmailSandboxOptions.DefaultOAuthClientId,
        ["client_secret"] = Nudge.Sandbox.GmailSandboxOptions.DefaultOAuthClientSecret,
        ["redirect_uri"] = redirectUri,
        ["code_verifier"] = verifier,
    };

    public void Dispose() => _http.Dispose();

    private static string Query(IReadOnlyDictionary<string, string> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
