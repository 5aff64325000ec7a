using System.Net;
using System.Text;
using Nudge.Core.Enrollments;
using Nudge.Web.Dashboard;
using ContactsPage = Nudge.Web.Pages.Contacts.IndexModel;

namespace Nudge.IntegrationTests.Dashboard;

/// <summary>
/// The contacts pages over real HTTP: the CSV import (upload, column mapping, the report by line before anything is
/// stored, the import), the search, and the suppression list.
/// </summary>
public sealed class DashboardContactsTests : SignedInDashboardTests
{
    private const string OneBadRow = "email,first_name,company\nann@globex.example,Ann,Globex\nnot-an-address,Bob,Initech\nbea@initech.example,Bea,Initech\n";

    [Fact]
    public async Task Import_CsvWithABadRow_ReportsItsLineAndStoresNothingUntilImported()
    {
        var upload = await UploadAsync(OneBadRow);
        var mapping = await Client.GetStringAsync($"contacts/import?upload={upload}");
        mapping.ShouldContain("<label for=\"map-0\">email</label>");
        mapping.ShouldContain("<option value=\"first_name\" selected=\"selected\">first_name</option>");
        mapping.ShouldContain("<option value=\"outreach\">outreach</option>");

        using var check = await PostAsync("Check", upload, ["email", "first_name", "company"], "outreach");

        var report = await check.Content.ReadAsStringAsync(Ct);
        check.StatusCode.ShouldBe(HttpStatusCode.OK, report);
        report.ShouldContain("<strong>2</strong> rows are ready to import and enroll in outreach; <strong>1</strong> row is refused.");
        report.ShouldContain("<tr><td class=\"num\">3</td><td>email &#x27;not-an-address&#x27; is not a valid address</td></tr>");
        report.ShouldContain("Import 2 contacts");
        (await Server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
        (await Server.Store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();

        using var import = await PostAsync("Import", upload, ["email", "first_name", "company"], "outreach");

        var done = await import.Content.ReadAsStringAsync(Ct);
        import.StatusCode.ShouldBe(HttpStatusCode.OK, done);
        done.ShouldContain("Imported 2 contacts; 2 enrolled in outreach.");
        done.ShouldContain("<tr><td class=\"num\">3</td><td>email &#x27;not-an-address&#x27; is not a valid address</td></tr>");
        var contacts = await Server.Store.ListContactsAsync(Ct);
        contacts.Select(c => c.Email).Order().ShouldBe(["ann@globex.example", "bea@initech.example"]);
        contacts.Single(c => c.Email == "ann@globex.example").Fields["first_name"].ShouldBe("Ann");
        var enrollments = await Server.Store.ListEnrollmentsAsync(Ct);
        enrollments.Count.ShouldBe(2);
        enrollments.ShouldAllBe(e => e.SequenceName == "outreach");
        // The file is gone once imported.
        using var again = await Client.GetAsync($"contacts/import?upload={upload}");
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_WithoutASequence_StoresTheContactsOnly()
    {
        var upload = await UploadAsync(OneBadRow);

        using var import = await PostAsync("Import", upload, ["email", "first_name", "company"], "");

        (await import.Content.ReadAsStringAsync(Ct)).ShouldContain("Imported 2 contacts.");
        (await Server.Store.ListContactsAsync(Ct)).Count.ShouldBe(2);
        (await Server.Store.ListEnrollmentsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_ColumnMapping_RenamesKeepsAndIgnoresColumns()
    {
        var upload = await UploadAsync("E-mail address,Given name,Notes,Internal id\nann@globex.example,Ann,met at expo,42\n");
        var mapping = await Client.GetStringAsync($"contacts/import?upload={upload}");
        mapping.ShouldContain("<label for=\"map-1\">Given name</label>");
        mapping.ShouldContain("keep as field “Given name”");

        using var import = await PostAsync("Import", upload, ["email", "first_name", "keep", "ignore"], "");

        (await import.Content.ReadAsStringAsync(Ct)).ShouldContain("Imported 1 contact.");
        var contact = (await Server.Store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
        contact.Email.ShouldBe("ann@globex.example");
        contact.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Ann", ["Notes"] = "met at expo" }, ignoreOrder: true);
    }

    [Theory]
    [InlineData("first_name,first_name", "Map one column to email.")]
    [InlineData("email,email", "Map only one column to email.")]
    public async Task Check_MappingWithoutOneEmail_IsRefusedWithTheReason(string map, string error)
    {
        var upload = await UploadAsync("a,b\nann@globex.example,Ann\n");

        using var check = await PostAsync("Check", upload, map.Split(','), "");

        check.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await check.Content.ReadAsStringAsync(Ct)).ShouldContain(error);
        (await Server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Check_SuppressedAddress_IsReportedBeforeAndRefusedByTheImport()
    {
        await Server.Store.AddSuppressionAsync(Suppression.Parse("initech.example", "competitor", Server.Time.GetUtcNow()), Ct);
        var upload = await UploadAsync(OneBadRow);

        using var check = await PostAsync("Check", upload, ["email", "first_name", "company"], "outreach");
        var report = await check.Content.ReadAsStringAsync(Ct);
        using var import = await PostAsync("Import", upload, ["email", "first_name", "company"], "outreach");
        var done = await import.Content.ReadAsStringAsync(Ct);

        report.ShouldContain("<strong>1</strong> row is ready to import and enroll in outreach; <strong>2</strong> rows are refused.");
        report.ShouldContain("<tr><td class=\"num\">4</td><td>bea@initech.example is on the suppression list (initech.example: competitor)</td></tr>");
        done.ShouldContain("Imported 1 contact; 1 enrolled in outreach.");
        done.ShouldContain("<tr><td class=\"num\">4</td><td>bea@initech.example is on the suppression list (initech.example: competitor)</td></tr>");
        (await Server.Store.ListContactsAsync(Ct)).ShouldHaveSingleItem().Email.ShouldBe("ann@globex.example");
    }

    [Fact]
    public async Task Upload_TooLarge_IsRefusedWithAClearError()
    {
        var big = "email\n" + new string('x', (int)ContactUploads.MaxBytes);

        using var response = await SendUploadAsync(big);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("the largest accepted is 10 MB");
    }

    [Fact]
    public async Task Upload_Empty_IsRefused()
    {
        using var response = await SendUploadAsync("");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Choose a CSV file with a header row.");
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("../../etc/passwd")]
    [InlineData("/tmp/x.csv")]
    public async Task Import_UnknownOrForgedUploadId_FindsNothing(string upload)
    {
        using var get = await Client.GetAsync($"contacts/import?upload={Uri.EscapeDataString(upload)}");
        using var import = await PostAsync("Import", upload, ["email"], "");

        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        import.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await import.Content.ReadAsStringAsync(Ct)).ShouldContain("This upload is not here any more");
    }

    [Fact]
    public async Task Import_UploadOlderThanAnHour_IsGone()
    {
        var upload = await UploadAsync(OneBadRow);
        Server.Time.Advance(ContactUploads.Lifetime + TimeSpan.FromMinutes(1));

        using var response = await Client.GetAsync($"contacts/import?upload={upload}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Contacts_Search_FindsByAddressOrFieldWithEnrollmentCounts()
    {
        await Server.EnrollAsync("ann@globex.example");
        await Server.Enroller.EnrollAsync(new("bob@initech.example", new Dictionary<string, string> { ["first_name"] = "Bob", ["company"] = "Initech" }, "outreach"), Ct);

        var all = await Client.GetStringAsync("contacts");
        var byField = await Client.GetStringAsync("contacts?q=initech");

        all.ShouldContain("2 contacts.");
        all.ShouldContain("<td>ann@globex.example</td>");
        all.ShouldContain("<a href=\"/contacts\" aria-current=\"page\">Contacts</a>");
        byField.ShouldContain("1 contact match.");
        byField.ShouldContain("<td>bob@initech.example</td>\n                    <td>Bob</td>");
        byField.ShouldContain("<td class=\"num\">1</td>");
        byField.ShouldNotContain("ann@globex.example");
    }

    [Fact]
    public async Task Contacts_ManyContacts_ArePaged()
    {
        for (var i = 0; i < ContactsPage.PageSize + 1; i++)
        {
            await Server.Store.UpsertContactAsync(new(0, $"c{i:000}@globex.example", new Dictionary<string, string>()), Ct);
        }

        var first = await Client.GetStringAsync("contacts?q=globex");
        var second = await Client.GetStringAsync("contacts?q=globex&p=2");

        first.ShouldContain("page 1 of 2");
        first.ShouldContain("<a rel=\"next\" href=\"/contacts?p=2&amp;q=globex\">");
        first.ShouldNotContain($"c{ContactsPage.PageSize:000}@globex.example");
        second.ShouldContain($"c{ContactsPage.PageSize:000}@globex.example");
        second.ShouldContain("rel=\"prev\"");
    }

    [Fact]
    public async Task Suppressions_AddAndRemove_ChangeTheList()
    {
        using var add = await Client.PostFormAsync("contacts/suppressions?handler=Add", new() { ["value"] = "@Initech.example", ["reason"] = "" });
        add.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var entry = (await Server.Store.ListSuppressionsAsync(Ct)).ShouldHaveSingleItem();
        entry.Value.ShouldBe("initech.example");
        entry.Kind.ShouldBe(SuppressionKind.Domain);
        entry.Reason.ShouldBe("added from the dashboard by admin");
        var html = await Client.GetStringAsync(add.Headers.Location!.OriginalString.TrimStart('/'));
        html.ShouldContain("Added initech.example.");
        html.ShouldContain("<td class=\"mono\">initech.example</td>");

        using var remove = await Client.PostFormAsync("contacts/suppressions?handler=Remove", new() { ["value"] = "initech.example" });

        remove.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Server.Store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
        (await Client.GetStringAsync("contacts/suppressions")).ShouldContain("The list is empty.");
    }

    [Fact]
    public async Task Suppressions_AddNonsense_IsRefusedWithTheReason()
    {
        using var add = await Client.PostFormAsync("contacts/suppressions?handler=Add", new() { ["value"] = "not a domain" });

        add.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await add.Content.ReadAsStringAsync(Ct)).ShouldContain("is not an email address or a domain");
        (await Server.Store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Is400AndChangesNothing()
    {
        var upload = await UploadAsync(OneBadRow);
        using var multipart = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(OneBadRow)), "file", "leads.csv" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "contacts/import?handler=Upload") { Content = multipart };

        using var uploadWithout = await Client.SendAsync(request);
        using var check = await Client.PostFormWithoutTokenAsync($"contacts/import?handler=Check&upload={upload}", new() { ["Map[0]"] = "email" });
        using var import = await Client.PostFormWithoutTokenAsync($"contacts/import?handler=Import&upload={upload}",
            new() { ["Map[0]"] = "email", ["Map[1]"] = "first_name", ["Map[2]"] = "company" });
        using var add = await Client.PostFormWithoutTokenAsync("contacts/suppressions?handler=Add", new() { ["value"] = "ann@globex.example" });

        foreach (var response in new[] { uploadWithout, check, import, add })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, response.RequestMessage!.RequestUri!.ToString());
        }

        (await Server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
        (await Server.Store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Pages_Get_HaveNoInlineScriptStyleOrHandler()
    {
        var upload = await UploadAsync(OneBadRow);
        await Server.Store.AddSuppressionAsync(Suppression.Parse("ann@globex.example", "asked", Server.Time.GetUtcNow()), Ct);
        using var check = await PostAsync("Check", upload, ["email", "first_name", "company"], "outreach");
        string[] pages =
        [
            await Client.GetStringAsync("contacts/import"),
            await Client.GetStringAsync($"contacts/import?upload={upload}"),
            await check.Content.ReadAsStringAsync(Ct),
            await Client.GetStringAsync("contacts/suppressions"),
        ];

        foreach (var html in pages)
        {
            html.ShouldNotMatch(@"(?i)<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle\s*=|\son[a-z]+\s*=");
            html.ShouldContain("name=\"__RequestVerificationToken\"");
        }
    }

    private async Task<string> UploadAsync(string csv)
    {
        using var response = await SendUploadAsync(csv);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith("/contacts/import?upload=");
        return location["/contacts/import?upload=".Length..];
    }

    private async Task<HttpResponseMessage> SendUploadAsync(string csv)
    {
        var token = await Client.GetTokenAsync("contacts/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "leads.csv" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "contacts/import?handler=Upload") { Content = form };
        return await Client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string handler, string upload, IReadOnlyList<string> map, string sequence)
    {
        var fields = new Dictionary<string, string> { ["Sequence"] = sequence };
        for (var i = 0; i < map.Count; i++)
        {
            fields[$"Map[{i}]"] = map[i];
        }

        return Client.PostFormAsync($"contacts/import?handler={handler}&upload={Uri.EscapeDataString(upload)}", fields, "contacts/import");
    }
}
