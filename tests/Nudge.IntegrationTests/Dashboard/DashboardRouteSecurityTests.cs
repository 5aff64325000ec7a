using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Nudge.Web.Dashboard;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The security of every route of the web host: enumerated from its route table (Razor pages included), so that a new
/// route cannot slip through without a session; antiforgery on posts; the security headers; no inline script or style.
/// </summary>
public sealed partial class DashboardRouteSecurityTests : IAsyncLifetime
{
    // Public on purpose, each with its own protection: the sign-in pages and assets, the unsubscribe pages (a signed
    // token), the push endpoint (a secret in the URL), the HTTP API (its bearer token, tested with the API) and the
    // OAuth callback of the mailboxes page, which the consent page's cross-site redirect reaches without the Strict
    // session cookie: the sign-in's one-time state and its SameSite=Lax binding cookie are its credential
    // (DashboardMailboxesTests).
    private static readonly string[] Public =
        ["/setup", "/login", "/assets/", "/unsubscribe/", "/push/gmail", "/api/v1/", "/mailboxes/oauth/callback"];

    // A value for each route parameter, so that the request reaches the endpoint rather than a 404 of the router. A new
    // parameter name fails the test until it gets one here.
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["id"] = "1",
        ["name"] = "nudge.css",
        ["token"] = "x",
    };

    private DashboardServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false, "/setup")]
    [InlineData(true, "/login")]
    public async Task EveryRoute_Anonymous_IsRefused(bool withAccount, string loginPage)
    {
        if (withAccount)
        {
            (await _server.SetUpAsync()).Dispose();
        }

        await _server.EnrollAsync("ann@globex.example");
        var routes = Routes();
        var patterns = routes.Select(r => r.Pattern).ToList();
        foreach (var expected in new[] { "/", "/leads", "/leads/{id:long}", "/settings", "/settings/api-keys", "/logout" })
        {
            patterns.ShouldContain(expected);
        }

        using var client = _server.CreateClient();
        var checkedRoutes = 0;
        foreach (var (pattern, methods, _) in routes.Where(r => !Public.Any(p => r.Pattern.StartsWith(p, StringComparison.Ordinal))))
        {
            var url = Url(pattern);
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != HttpMethods.Get)
                {
                    request.Content = new FormUrlEncodedContent([]);
                }

                using var response = await client.SendAsync(request);

                var where = $"{method} {url} ({pattern})";
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    new Uri(client.BaseAddress, response.Headers.Location!).AbsolutePath.ShouldBe(loginPage, where);
                }
                else
                {
                    response.StatusCode.ShouldBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], where);
                }

                checkedRoutes++;
            }
        }

        checkedRoutes.ShouldBeGreaterThan(10);
        (await _server.Store.GetEnrollmentAsync(1, Ct))!.IsPaused.ShouldBeFalse();
    }

    [Fact]
    public void EveryRoute_PublicOnes_AreOnlyThoseListed()
    {
        // The list above is the whole of what an anonymous client reaches: a public route not on it fails here.
        var anonymous = Routes().Where(r => r.AllowsAnonymous).Select(r => r.Pattern).ToList();

        anonymous.ShouldNotBeEmpty();
        anonymous.ShouldAllBe(p => Public.Any(prefix => p.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FragmentRequest_Anonymous_Is401()
    {
        (await _server.SetUpAsync()).Dispose();
        var id = await _server.EnrollAsync("ann@globex.example");
        using var client = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"leads?handler=Pause&id={id}") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add(NudgeDashboard.FragmentHeaderName, "1");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_SignedInWithoutAntiforgeryToken_Is400AndChangesNothing()
    {
        using var client = await _server.SetUpAsync();
        var id = await _server.EnrollAsync("ann@globex.example");

        using var pause = await client.PostFormWithoutTokenAsync($"leads?handler=Pause&id={id}", []);
        using var key = await client.PostFormWithoutTokenAsync("settings/api-keys?handler=Create", new() { ["name"] = "sneaky" });
        using var logout = await client.PostFormWithoutTokenAsync("logout", []);
        using var wrongToken = await client.PostFormWithoutTokenAsync($"leads?handler=Stop&id={id}",
            new() { ["__RequestVerificationToken"] = "CfDJ8-forged" });

        foreach (var response in new[] { pause, key, logout, wrongToken })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, response.RequestMessage!.RequestUri!.ToString());
        }

        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsActive.ShouldBeTrue();
        (await _server.Store.ListApiKeysAsync(Ct)).ShouldBeEmpty();
        (await client.GetStringAsync("leads")).ShouldContain("ann@globex.example");
    }

    [Fact]
    public async Task Post_TokenOfAnotherSession_Is400()
    {
        using var client = await _server.SetUpAsync();
        var id = await _server.EnrollAsync("ann@globex.example");
        using var other = _server.CreateClient();
        var foreign = await other.GetTokenAsync("login");

        using var response = await client.PostFormWithoutTokenAsync($"leads?handler=Pause&id={id}",
            new() { ["__RequestVerificationToken"] = foreign });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _server.Store.GetEnrollmentAsync(id, Ct))!.IsPaused.ShouldBeFalse();
    }

    [Theory]
    [InlineData("setup", Visitor.BeforeSetup)]
    [InlineData("login", Visitor.Anonymous)]
    [InlineData("", Visitor.SignedIn)]
    [InlineData("leads", Visitor.SignedIn)]
    [InlineData("leads/1", Visitor.SignedIn)]
    [InlineData("settings", Visitor.SignedIn)]
    [InlineData("settings/api-keys", Visitor.SignedIn)]
    [InlineData("contacts", Visitor.SignedIn)]
    [InlineData("logout", Visitor.SignedIn)]
    public async Task Page_Get_CarriesTheSecurityHeadersAndNoInlineScriptOrStyle(string path, Visitor visitor)
    {
        using var admin = visitor == Visitor.BeforeSetup ? null : await _server.SetUpAsync();
        using var anonymous = visitor == Visitor.SignedIn ? null : _server.CreateClient();
        var client = (admin is not null && visitor == Visitor.SignedIn ? admin : anonymous)!;
        await _server.EnrollAsync("ann@globex.example");

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var headers = response.Headers;
        headers.GetValues("Content-Security-Policy").Single().ShouldBe(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
            "base-uri 'none'; connect-src 'self'; frame-src 'self'");
        headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
        headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync(Ct);
        InlineScript().IsMatch(html).ShouldBeFalse(html);
        InlineStyle().IsMatch(html).ShouldBeFalse(html);
        html.ShouldContain("<script src=\"/assets/nudge.js?v=");
    }

    [Fact]
    public async Task Redirects_AndErrors_CarryTheSecurityHeadersToo()
    {
        using var client = _server.CreateClient();

        using var redirect = await client.GetAsync("leads");

        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        redirect.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        redirect.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
    }

    [Fact]
    public async Task Asset_Get_IsPublicWithAnETagAndLongCachingForItsVersion()
    {
        using var client = _server.CreateClient();
        var html = await client.GetStringAsync("setup");
        var url = AssetUrl().Match(html).Groups[1].Value;

        using var css = await client.GetAsync(url.TrimStart('/'));
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.ToString().ShouldBe("text/css; charset=utf-8");
        css.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
        var etag = css.Headers.ETag.ShouldNotBeNull();
        (await css.Content.ReadAsStringAsync(Ct)).ShouldContain(".state-paused");

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "assets/nudge.css");
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(revalidate);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        notModified.Headers.CacheControl!.NoCache.ShouldBeTrue();

        using var js = await client.GetAsync("assets/nudge.js");
        js.Content.Headers.ContentType!.ToString().ShouldBe("text/javascript; charset=utf-8");
        (await js.Content.ReadAsStringAsync(Ct)).ShouldContain("RequestVerificationToken");

        using var missing = await client.GetAsync("assets/nope.css");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public enum Visitor
    {
        BeforeSetup,
        Anonymous,
        SignedIn,
    }

    private List<(string Pattern, string[] Methods, bool AllowsAnonymous)> Routes()
    {
        var endpoints = _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        return
        [
            .. endpoints.OfType<RouteEndpoint>().Select(e => (
                Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } methods ? methods : ["GET", "POST"],
                AllowsAnonymous: e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                    || e.Metadata.GetMetadata<OwnAuthentication>() is not null)),
        ];
    }

    private static string Url(string pattern)
    {
        var route = RoutePatternFactory.Parse(pattern);
        var segments = route.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => Samples.TryGetValue(parameter.Name, out var sample)
                ? sample
                : throw new InvalidOperationException($"Route {pattern}: add a sample value for {{{parameter.Name}}} to {nameof(Samples)}."),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Route {pattern}: unexpected part {part}"),
        })));
        return "/" + string.Join('/', segments);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style|\sstyle\s*=|\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex("href=\"(/assets/nudge\\.css\\?v=[0-9a-f]+)\"")]
    private static partial Regex AssetUrl();
}
