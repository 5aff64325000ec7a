using System.Net;
using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Sandbox;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// "Send a test to me" on the templates page, against the real Gmail sandbox over loopback HTTP: the text being edited,
/// rendered for a contact, goes out once from a connected mailbox and counts toward its daily limit.
/// </summary>
public sealed class DashboardTemplateTestSendTests : IAsyncLifetime
{
    private GmailSandbox _sandbox = null!;
    private DashboardServer _server = null!;
    private DashboardClient _client = null!;
    private Mailbox _mailbox = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sandbox = await GmailSandbox.StartAsync(new GmailSandboxOptions(), Ct);
        _server = await DashboardServer.StartAsync(_sandbox.BaseAddress);
        _client = await _server.SetUpAsync();
        using var added = await _client.PostFormAsync("mailboxes?handler=AddSandbox", new() { ["email"] = "me@sandbox.example", ["kind"] = "gmail" },
            "mailboxes");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        _mailbox = (await _server.Store.ListMailboxesAsync(Ct)).Single(m => m.Email == "me@sandbox.example");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task SendTest_ContactChosen_SendsTheUnsavedTextRenderedToTheMailboxItselfAndCountsIt()
    {
        var contact = await _server.Store.UpsertContactAsync(
            new Contact(0, "ann@globex.example", new Dictionary<string, string> { ["first_name"] = "Ann", ["company"] = "Globex" }), Ct);

        using var response = await _client.PostFormAsync("templates/intro?handler=SendTest", new()
        {
            ["Subject"] = "Draft for {{ company }}",
            ["Body"] = "Dear {{ first_name }}",
            ["contact"] = contact.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TestMailbox"] = _mailbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TestTo"] = "",
        }, "templates/intro");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        Uri.UnescapeDataString(response.Headers.Location!.OriginalString).ShouldContain("testSent=me@sandbox.example");
        var inbox = await InboxAsync();
        inbox.ShouldContain("[Test] Draft for Globex");
        inbox.ShouldContain("\"To\":\"me@sandbox.example\"");
        (await _server.Store.CountSentSinceAsync(_mailbox.Id, _server.Time.GetUtcNow().AddHours(-1), Ct)).ShouldBe(0);
        (await _server.Store.GetQuotaStateAsync(_mailbox.Id, _server.Time.GetUtcNow().AddDays(-1), Ct)).SendTimes.Count.ShouldBe(1);
        (await _client.GetStringAsync("templates/intro?testSent=me%40sandbox.example")).ShouldContain("Sent a test to me@sandbox.example.");
    }

    [Fact]
    public async Task SendTest_MissingField_Is422NamingItAndSendsNothing()
    {
        using var response = await _client.PostFormAsync("templates/intro?handler=SendTest", new()
        {
            ["Subject"] = "Hello {{ company }}",
            ["Body"] = "Hi",
            ["TestMailbox"] = _mailbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TestTo"] = "ann@globex.example",
        }, "templates/intro");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Test not sent: Fill the missing fields first");
        (await InboxAsync()).ShouldNotContain("[Test]");
    }

    [Fact]
    public async Task SendTest_BadAddress_Is422NamingTheField()
    {
        using var response = await _client.PostFormAsync("templates/intro?handler=SendTest", new()
        {
            ["Subject"] = "Hello",
            ["Body"] = "Hi",
            ["TestMailbox"] = _mailbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TestTo"] = "not an address",
        }, "templates/intro");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Test not sent: Send to: 'not an address' is not an email address.");
    }

    private async Task<string> InboxAsync()
    {
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        return await http.GetStringAsync("sandbox/mailboxes/me%40sandbox.example/messages", Ct);
    }
}
