using System.Net;
using System.Text;
using System.Text.Json;
using Nudge.Core.Enrollments;

namespace Nudge.IntegrationTests.Web;

/// <summary><c>/api/v1/contacts</c> over real HTTP: upsert one, up to 1,000 at once with errors by row, search.</summary>
public sealed class ContactsApiTests : KeyedApiTests
{
    [Fact]
    public async Task PutContact_NewThenAgain_Is201Then200AndMergesTheFields()
    {
        using var created = await Http.PutAsync("contacts/ann@globex.example",
            NudgeApiServer.Json("""{"fields":{"first_name":"Ann","company":"Globex","plan":"free"}}"""), Ct);
        using var updated = await Http.PutAsync("contacts/ANN@globex.example",
            NudgeApiServer.Json("""{"fields":{"plan":"pro","company":null,"seats":"12"}}"""), Ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var view = JsonDocument.Parse(await updated.Content.ReadAsStringAsync(Ct));
        view.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "email", "fields"]);
        view.RootElement.GetProperty("email").GetString().ShouldBe("ann@globex.example", "the address keeps its first spelling");
        var stored = (await Server.Store.FindContactByAddressAsync("ann@globex.example", Ct)).ShouldNotBeNull();
        stored.Fields.ShouldBe(new Dictionary<string, string> { ["first_name"] = "Ann", ["plan"] = "pro", ["seats"] = "12" }, ignoreOrder: true);
        (await Server.Store.ListContactsAsync(Ct)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task PutContact_InvalidOrSuppressedAddress_Is422NamingEmail()
    {
        await Server.Store.AddSuppressionAsync(Suppression.Parse("initech.example", "asked us to stop", Server.Time.GetUtcNow()), Ct);

        using var invalid = await Http.PutAsync("contacts/not-an-address", NudgeApiServer.Json("{}"), Ct);
        using var suppressed = await Http.PutAsync("contacts/bob@initech.example", NudgeApiServer.Json("{}"), Ct);

        invalid.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await NudgeApiTests.ProblemAsync(invalid, 422)).RootElement.GetProperty("field").GetString().ShouldBe("email");
        suppressed.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using var problem = await NudgeApiTests.ProblemAsync(suppressed, 422);
        problem.RootElement.GetProperty("detail").GetString().ShouldBe("bob@initech.example is on the suppression list (initech.example: asked us to stop)");
        (await Server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetContact_KnownOrNot_Is200Or404()
    {
        (await Http.PutAsync("contacts/ann@globex.example", NudgeApiServer.Json("""{"fields":{"company":"Globex"} }"""), Ct)).EnsureSuccessStatusCode();

        using var known = await Http.GetAsync("contacts/Ann@Globex.example", Ct);
        using var unknown = await Http.GetAsync("contacts/zoe@globex.example", Ct);

        known.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var view = JsonDocument.Parse(await known.Content.ReadAsStringAsync(Ct));
        view.RootElement.GetProperty("fields").GetProperty("company").GetString().ShouldBe("Globex");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await NudgeApiTests.ProblemAsync(unknown, 404)).RootElement.GetProperty("detail").GetString().ShouldBe("no contact has the address zoe@globex.example");
    }

    [Fact]
    public async Task BulkContacts_SomeBadRows_StoresTheGoodOnesAndReportsEachBadOneByIndex()
    {
        await Server.Store.AddSuppressionAsync(Suppression.Parse("initech.example", "competitor", Server.Time.GetUtcNow()), Ct);
        const string Body = """
            {"sequence":"outreach","contacts":[
              {"email":"ann@globex.example","fields":{"first_name":"Ann","company":"Globex"}},
              {"email":"not an address","fields":{"company":"Nowhere"}},
              {"email":"bob@initech.example","fields":{"company":"Initech"}},
              {"fields":{"company":"Anonymous"}},
              null,
              {"email":"cleo@umbrella.example","fields":{"company":"Umbrella"}}
            ]}
            """;

        using var response = await Http.PostAsync("contacts/bulk", NudgeApiServer.Json(Body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        result.RootElement.GetProperty("received").GetInt32().ShouldBe(6);
        result.RootElement.GetProperty("imported").GetInt32().ShouldBe(2);
        result.RootElement.GetProperty("enrolled").GetInt32().ShouldBe(2);
        var errors = result.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("detail").GetString()))
            .ToList();
        errors.ShouldBe(
        [
            (1, "email", "email 'not an address' is not a valid address"),
            (2, "email", "bob@initech.example is on the suppression list (initech.example: competitor)"),
            (3, "email", "email is required"),
            (4, "email", "email is required"),
        ]);
        (await Server.Store.ListContactsAsync(Ct)).Select(c => c.Email).ShouldBe(["ann@globex.example", "cleo@umbrella.example"]);
        (await Server.Store.ListEnrollmentsAsync(Ct)).Select(e => e.SequenceName).ShouldBe(["outreach", "outreach"]);
    }

    [Fact]
    public async Task BulkContacts_UnknownSequence_Is422AndStoresNothing()
    {
        using var response = await Http.PostAsync("contacts/bulk",
            NudgeApiServer.Json("""{"sequence":"nosuch","contacts":[{"email":"ann@globex.example"}]}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await NudgeApiTests.ProblemAsync(response, 422)).RootElement.GetProperty("field").GetString().ShouldBe("sequence");
        (await Server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1_000, HttpStatusCode.OK)]
    [InlineData(1_001, HttpStatusCode.RequestEntityTooLarge)]
    public async Task BulkContacts_RowCount_UpToAThousandAreTaken(int rows, HttpStatusCode status)
    {
        var body = new StringBuilder("""{"contacts":[""");
        for (var i = 0; i < rows; i++)
        {
            body.Append(i == 0 ? "" : ",").Append("{\"email\":\"lead").Append(i).Append("@globex.example\",\"fields\":{\"n\":\"").Append(i).Append("\"}}");
        }

        using var response = await Http.PostAsync("contacts/bulk", NudgeApiServer.Json(body.Append("]}").ToString()), Ct);

        response.StatusCode.ShouldBe(status);
        if (status == HttpStatusCode.OK)
        {
            (await Server.Store.SearchContactsAsync(null, 0, 1, Ct)).Total.ShouldBe(rows);
        }
        else
        {
            (await NudgeApiTests.ProblemAsync(response, 413)).RootElement.GetProperty("field").GetString().ShouldBe("contacts");
            (await Server.Store.ListContactsAsync(Ct)).ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData("""{"contacts":[]}""")]
    [InlineData("""{"sequence":"outreach"}""")]
    [InlineData("""{"contacts":[{"email":"ann@globex.example","fields":{"seats":12}}]}""")]
    public async Task BulkContacts_NoRowsOrMalformed_Is400(string body)
    {
        using var response = await Http.PostAsync("contacts/bulk", NudgeApiServer.Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = await NudgeApiTests.ProblemAsync(response, 400);
        problem.RootElement.GetProperty("field").GetString().ShouldNotBeNull().ShouldStartWith("contacts");
    }

    [Fact]
    public async Task ListContacts_SearchAndPages_FindsByAddressOrFieldOldestFirst()
    {
        foreach (var (email, company) in new[] { ("ann@globex.example", "Globex"), ("bob@initech.example", "Initech"), ("cleo@umbrella.example", "Globex Labs") })
        {
            (await Http.PutAsync($"contacts/{email}", NudgeApiServer.Json($$"""{"fields":{"company":"{{company}}"} }"""), Ct)).EnsureSuccessStatusCode();
        }

        using var first = JsonDocument.Parse(await Http.GetStringAsync("contacts?search=GLOBEX&pageSize=1", Ct));
        using var second = JsonDocument.Parse(await Http.GetStringAsync("contacts?search=globex&page=2&pageSize=1", Ct));
        using var all = JsonDocument.Parse(await Http.GetStringAsync("contacts", Ct));

        first.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["items", "page", "pageSize", "total"]);
        first.RootElement.GetProperty("total").GetInt32().ShouldBe(2);
        first.RootElement.GetProperty("items").EnumerateArray().Single().GetProperty("email").GetString().ShouldBe("ann@globex.example");
        second.RootElement.GetProperty("page").GetInt32().ShouldBe(2);
        second.RootElement.GetProperty("items").EnumerateArray().Single().GetProperty("email").GetString().ShouldBe("cleo@umbrella.example");
        all.RootElement.GetProperty("total").GetInt32().ShouldBe(3);
        all.RootElement.GetProperty("pageSize").GetInt32().ShouldBe(50);
    }
}
