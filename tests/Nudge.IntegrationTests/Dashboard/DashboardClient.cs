using System.Net;
using System.Text.RegularExpressions;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// An <see cref="HttpClient"/> that keeps cookies like a browser and follows no redirect, so that tests see each 302,
/// with helpers for the antiforgery token of the dashboard's forms.
/// </summary>
internal sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;

    public DashboardClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };
    }

    public CookieContainer Cookies { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path, Ct);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request, Ct);

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await GetAsync(path);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}: {html}");
        return html;
    }

    /// <summary>The antiforgery token of the first form of the page (the page sets the matching cookie).</summary>
    public async Task<string> GetTokenAsync(string page) => TokenOf(await GetStringAsync(page));

    public static string TokenOf(string html)
    {
        var match = TokenPattern().Match(html);
        match.Success.ShouldBeTrue("the page has no antiforgery token: " + html);
        return match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
    }

    /// <summary>Posts a form as a browser does: with the antiforgery token of <paramref name="tokenPage"/> (default: the page posted to).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? tokenPage = null)
    {
        var token = await GetTokenAsync(tokenPage ?? path.Split('?')[0]);
        return await PostFormWithoutTokenAsync(path, new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
    }

    public Task<HttpResponseMessage> PostFormWithoutTokenAsync(string path, Dictionary<string, string> fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields), Ct);

    public async Task<HttpResponseMessage> SignInAsync(string username, string password) =>
        await PostFormAsync("login", new() { ["username"] = username, ["password"] = password });

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="__RequestVerificationToken""")]
    private static partial Regex TokenPattern();
}
