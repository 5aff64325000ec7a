using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using Nudge.Core.Enrollments;
using Nudge.Core.Unsubscribe;
using Nudge.Web.Unsubscribe;

namespace Nudge.IntegrationTests.Web;

/// <summary>The one-click unsubscribe link (<c>/unsubscribe/{token}</c>) over real HTTP on loopback, on a SQLite store.</summary>
public sealed class UnsubscribeEndpointTests : IAsyncLifetime
{
    private const string Ann = "ann@globex.example";

    private UnsubscribeServer _server = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await UnsubscribeServer.StartAsync(Ct);
        _http = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Post_OneClickBody_SuppressesTheAddressAndStopsEveryEnrollmentOfTheContact()
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);
        var other = await _server.EnrollAsync(Ann, "newsletter", Ct);
        var bob = await _server.EnrollAsync("bob@globex.example", "outreach", Ct);
        _server.Time.Advance(TimeSpan.FromDays(2));

        using var response = await PostOneClickAsync(_server.LinkFor(id));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync(Ct);
        page.ShouldContain("You are unsubscribed");
        page.ShouldContain("a***@globex.example");
        var store = _server.Store;
        foreach (var stopped in new[] { id, other })
        {
            var enrollment = (await store.GetEnrollmentAsync(stopped, Ct)).ShouldNotBeNull();
            enrollment.Status.ShouldBe(EnrollmentStatus.Unsubscribed);
            enrollment.StatusReason.ShouldBe($"{Ann} unsubscribed by one-click link");
            enrollment.EndedAt.ShouldBe(_server.Time.GetUtcNow());
            var unsubscribed = (await store.ListEventsAsync(stopped, Ct)).Where(e => e.Kind == "unsubscribed").ShouldHaveSingleItem();
            unsubscribed.Detail.ShouldContain("one-click link");
        }

        (await store.GetEnrollmentAsync(bob, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Active);
        var suppression = (await store.ListSuppressionsAsync(Ct)).ShouldHaveSingleItem();
        suppression.Value.ShouldBe(Ann);
        suppression.Kind.ShouldBe(SuppressionKind.Address);
        (await store.FindSuppressionAsync("ANN@globex.example", Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Post_MultipartBodyAsRfc8058Allows_Unsubscribes()
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);
        using var body = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };

        using var response = await _http.PostAsync(_server.LinkFor(id), body, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Unsubscribed);
    }

    [Fact]
    public async Task Get_ValidToken_ShowsAConfirmationFormAndUnsubscribesNothing()
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);
        var eventsBefore = await _server.Store.ListEventsAsync(id, Ct);

        using var response = await _http.GetAsync(_server.LinkFor(id), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync(Ct);
        page.ShouldContain("Stop emails to a***@globex.example?");
        page.ShouldNotContain(Ann, customMessage: "the address is partly masked");
        page.ShouldContain("<form method=\"post\">");
        page.ShouldContain("<button type=\"submit\">Unsubscribe</button>");
        page.ShouldNotContain("<script", Case.Insensitive);
        (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Active);
        (await _server.Store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
        (await _server.Store.ListEventsAsync(id, Ct)).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task Get_ThenTheFormsPost_Unsubscribes()
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);
        var link = _server.LinkFor(id);
        using var get = await _http.GetAsync(link, Ct);
        get.EnsureSuccessStatusCode();

        // What a browser sends for the page's form: its hidden field, to the page's own URL (the form has no action).
        using var post = await _http.PostAsync(get.RequestMessage!.RequestUri, OneClickBody(), Ct);

        post.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Unsubscribed);
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("other-key")]
    [InlineData("unknown-enrollment")]
    [InlineData("garbage")]
    [InlineData("too-long")]
    public async Task AnyMethod_InvalidToken_Is404WithAGenericPageAndChangesNothing(string kind)
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);
        var token = _server.LinkFor(id)["unsubscribe/".Length..];
        var bad = kind switch
        {
            "flipped" => token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..],
            "other-key" => UnsubscribeToken.Create(id, new byte[32]),
            "unknown-enrollment" => UnsubscribeToken.Create(id + 1000, _server.Key),
            "garbage" => "not-a-token",
            _ => token + token,
        };
        var eventsBefore = await _server.Store.ListEventsAsync(id, Ct);
        using var generic = await _http.GetAsync("unsubscribe/x", Ct);
        var genericPage = await generic.Content.ReadAsStringAsync(Ct);

        using var get = await _http.GetAsync("unsubscribe/" + bad, Ct);
        using var post = await PostOneClickAsync("unsubscribe/" + bad);

        foreach (var response in new[] { get, post })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            var page = await response.Content.ReadAsStringAsync(Ct);
            page.ShouldBe(genericPage, "every refusal looks the same");
            page.ShouldContain("This link is not valid");
            page.ShouldNotContain("globex");
            AssertSecurityHeaders(response);
        }

        (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Active);
        (await _server.Store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
        (await _server.Store.ListEventsAsync(id, Ct)).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task Post_Repeated_Is200EachTimeAndRecordsItOnce()
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);

        using var first = await PostOneClickAsync(_server.LinkFor(id));
        _server.Time.Advance(TimeSpan.FromMinutes(1));
        using var second = await PostOneClickAsync(_server.LinkFor(id));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync(Ct)).ShouldContain("You are unsubscribed");
        (await _server.Store.ListSuppressionsAsync(Ct)).ShouldHaveSingleItem();
        (await _server.Store.ListEventsAsync(id, Ct)).Count(e => e.Kind == "unsubscribed").ShouldBe(1);
        var enrollment = (await _server.Store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.EndedAt.ShouldBe(_server.Time.GetUtcNow().AddMinutes(-1), "the first request's time stays");
    }

    [Fact]
    public async Task AnyAnswer_CarriesTheSecurityHeadersAndNoCookie()
    {
        var id = await _server.EnrollAsync(Ann, "outreach", Ct);

        using var get = await _http.GetAsync(_server.LinkFor(id), Ct);
        using var post = await PostOneClickAsync(_server.LinkFor(id));
        using var notFound = await _http.GetAsync("unsubscribe/nope", Ct);

        foreach (var response in new[] { get, post, notFound })
        {
            AssertSecurityHeaders(response);
            response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }
    }

    [Fact]
    public async Task MapUnsubscribe_KeyShorterThan32Bytes_Throws()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();
        var unsubscriber = new Unsubscriber(_server.Store, new FakeTimeProvider());

        Should.Throw<ArgumentException>(() => app.MapUnsubscribe(unsubscriber, new byte[31])).ParamName.ShouldBe("key");
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType.ShouldNotBeNull().ToString().ShouldBe("text/html; charset=utf-8");
        response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem()
            .ShouldBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").ShouldHaveSingleItem().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").ShouldHaveSingleItem().ShouldBe("no-referrer");
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    private Task<HttpResponseMessage> PostOneClickAsync(string path) => _http.PostAsync(path, OneClickBody(), Ct);

    /// <summary>The RFC 8058 body: <c>List-Unsubscribe=One-Click</c>, form-urlencoded.</summary>
    private static FormUrlEncodedContent OneClickBody() => new([new("List-Unsubscribe", "One-Click")]);
}
