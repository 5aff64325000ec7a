using System.Net;
using System.Text.RegularExpressions;
using Nudge.Core.Accounts;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary><c>/settings/api-keys</c>: a key is shown once and stored hashed; revoking one marks it in the store.</summary>
public sealed partial class DashboardApiKeysTests : IAsyncLifetime
{
    private DashboardServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_Post_ShowsTheKeyOnceAndStoresOnlyItsHash()
    {
        using var client = await _server.SetUpAsync();

        using var response = await client.PostFormAsync("settings/api-keys?handler=Create", new() { ["name"] = "billing system" }, "settings/api-keys");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync(Ct);
        var key = KeyPattern().Match(html).Value;
        key.ShouldStartWith(ApiKeys.Scheme);
        var stored = (await _server.Store.ListApiKeysAsync(Ct)).ShouldHaveSingleItem();
        stored.Name.ShouldBe("billing system");
        stored.KeyHash.ShouldBe(ApiKeys.Hash(key));
        stored.CreatedAt.ShouldBe(_server.Time.GetUtcNow());
        stored.RevokedAt.ShouldBeNull();

        var again = await client.GetStringAsync("settings/api-keys");
        again.ShouldNotContain(key);
        again.ShouldContain(stored.Prefix);
        again.ShouldContain("billing system");
    }

    [Fact]
    public async Task Create_NoName_Is400AndStoresNothing()
    {
        using var client = await _server.SetUpAsync();

        using var response = await client.PostFormAsync("settings/api-keys?handler=Create", new() { ["name"] = "  " }, "settings/api-keys");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _server.Store.ListApiKeysAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Revoke_Post_SetsRevokedAtAndTheListSaysSo()
    {
        using var client = await _server.SetUpAsync();
        using (await client.PostFormAsync("settings/api-keys?handler=Create", new() { ["name"] = "signup form" }, "settings/api-keys"))
        {
        }

        var id = (await _server.Store.ListApiKeysAsync(Ct)).Single().Id;
        _server.Time.Advance(TimeSpan.FromHours(2));

        using var response = await client.PostFormAsync($"settings/api-keys?handler=Revoke&id={id}", [], "settings/api-keys");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/settings/api-keys");
        var revoked = (await _server.Store.ListApiKeysAsync(Ct)).Single();
        revoked.RevokedAt.ShouldBe(_server.Time.GetUtcNow());
        revoked.IsActive.ShouldBeFalse();
        var page = await client.GetStringAsync("settings/api-keys");
        page.ShouldContain($"id=\"key-{id}\" class=\"revoked\"");
        page.ShouldNotContain($"handler=Revoke&amp;id={id}");
    }

    [Fact]
    public async Task Key_CreatedOnThePage_OpensTheApiUntilRevoked()
    {
        using var client = await _server.SetUpAsync();
        var id = await _server.EnrollAsync("ann@globex.example");
        using var created = await client.PostFormAsync("settings/api-keys?handler=Create", new() { ["name"] = "crm" }, "settings/api-keys");
        var key = KeyPattern().Match(await created.Content.ReadAsStringAsync(Ct)).Value;
        using var api = new HttpClient { BaseAddress = _server.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        using var before = await api.GetAsync($"api/v1/enrollments/{id}", Ct);
        var keyId = (await _server.Store.ListApiKeysAsync(Ct)).Single().Id;
        using (await client.PostFormAsync($"settings/api-keys?handler=Revoke&id={keyId}", [], "settings/api-keys"))
        {
        }

        using var after = await api.GetAsync($"api/v1/enrollments/{id}", Ct);

        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex("nk_[A-Za-z0-9_-]{20,}")]
    private static partial Regex KeyPattern();
}
