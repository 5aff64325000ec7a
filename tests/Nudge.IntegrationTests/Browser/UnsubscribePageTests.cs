using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Nudge.Cli.Hosting;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;
using Nudge.Core.Sequences;
using Nudge.Core.Unsubscribe;
using Nudge.Storage;

namespace Nudge.IntegrationTests.Browser;

/// <summary>
/// The one-click unsubscribe link opened in real Chromium, as someone reading the mail does, against the host of
/// <c>nudge serve</c> (<see cref="ApiHost"/>) over a SQLite file.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class UnsubscribePageTests(Chromium chromium) : IAsyncLifetime
{
    private const string Ann = "ann@globex.example";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private IEngineStore _store = null!;
    private WebApplication _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(EngineStoreFactory.Sqlite, Ct);
        _store = await _db.OpenMigratedStoreAsync(Ct);
        var enroller = new Enroller(_store, new SequenceCatalog([]), null, _time);
        _host = await ApiHost.StartAsync(new ApiHostSettings("http://127.0.0.1:0", _store, enroller, _time), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task UnsubscribeLink_OpenedThenConfirmed_ShowsTheMaskedAddressThenUnsubscribes()
    {
        var id = await EnrollAsync(Ann);
        var token = UnsubscribeToken.Create(id, await UnsubscribeKey.LoadAsync(_store, Ct));
        await using var page = await chromium.NewPageAsync(new Uri(_host.Urls.Single().TrimEnd('/') + "/"), Ct);

        var response = await page.Page.GotoAsync("unsubscribe/" + token);

        response.ShouldNotBeNull().Status.ShouldBe(200);
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Stop emails to a***@globex.example?" })).ToBeVisibleAsync();
        (await page.Page.ContentAsync()).ShouldNotContain(Ann, customMessage: "the address is partly masked");
        (await _store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull().Status.ShouldBe(EnrollmentStatus.Active, "opening the link changes nothing");
        await page.ShouldHaveNoErrorsAsync();
        await page.ScreenshotAsync("unsubscribe");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();

        await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "You are unsubscribed" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.GetByText("a***@globex.example will get no more emails of this kind.")).ToBeVisibleAsync();
        var enrollment = (await _store.GetEnrollmentAsync(id, Ct)).ShouldNotBeNull();
        enrollment.Status.ShouldBe(EnrollmentStatus.Unsubscribed);
        enrollment.StatusReason.ShouldBe($"{Ann} unsubscribed by one-click link");
        (await _store.ListSuppressionsAsync(Ct)).ShouldHaveSingleItem().Value.ShouldBe(Ann);
        await page.ShouldHaveNoErrorsAsync();
    }

    private async Task<long> EnrollAsync(string email)
    {
        var mailboxId = await _store.UpsertMailboxAsync(new Mailbox(0, "sam@acme.example", "Sam Rivera", "http://127.0.0.1:1/", "token", null), Ct);
        var contactId = await _store.UpsertContactAsync(new Contact(0, email, new Dictionary<string, string>()), Ct);
        return await _store.EnrollAsync(contactId, "outreach", mailboxId, _time.GetUtcNow(), Ct);
    }
}
