using System.Net;
using System.Text.Json;

namespace Nudge.IntegrationTests.Web;

/// <summary><c>/api/v1/suppressions</c> over real HTTP: add, list, remove; and what an entry does to enrolling.</summary>
public sealed class SuppressionsApiTests : KeyedApiTests
{
    [Fact]
    public async Task AddListRemove_AddressAndDomain_RoundTrip()
    {
        using var domain = await Http.PostAsync("suppressions", NudgeApiServer.Json("""{"value":"@Competitor.example","reason":"competitor"}"""), Ct);
        using var address = await Http.PostAsync("suppressions", NudgeApiServer.Json("""{"value":"Ann@Globex.example"}"""), Ct);
        using var again = await Http.PostAsync("suppressions", NudgeApiServer.Json("""{"value":"competitor.example","reason":"other"}"""), Ct);
        using var list = JsonDocument.Parse(await Http.GetStringAsync("suppressions", Ct));
        using var removed = await Http.DeleteAsync("suppressions/competitor.example", Ct);
        using var removedAgain = await Http.DeleteAsync("suppressions/competitor.example", Ct);

        domain.StatusCode.ShouldBe(HttpStatusCode.Created);
        address.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var kept = JsonDocument.Parse(await again.Content.ReadAsStringAsync(Ct));
        kept.RootElement.GetProperty("reason").GetString().ShouldBe("competitor", "an existing entry is kept as it is");
        list.RootElement.EnumerateArray().Select(e => (e.GetProperty("value").GetString(), e.GetProperty("kind").GetString(), e.GetProperty("reason").GetString()))
            .ShouldBe([("ann@globex.example", "address", "added through the API"), ("competitor.example", "domain", "competitor")]);
        list.RootElement[0].GetProperty("createdAt").GetDateTimeOffset().ShouldBe(Server.Time.GetUtcNow());
        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        removedAgain.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await NudgeApiTests.ProblemAsync(removedAgain, 404)).RootElement.GetProperty("field").GetString().ShouldBe("value");
        (await Server.Store.ListSuppressionsAsync(Ct)).ShouldHaveSingleItem().Value.ShouldBe("ann@globex.example");
    }

    [Fact]
    public async Task AddSuppression_Domain_RefusesEnrollingItsAddresses()
    {
        (await Http.PostAsync("suppressions", NudgeApiServer.Json("""{"value":"globex.example","reason":"asked us to stop"}"""), Ct))
            .EnsureSuccessStatusCode();

        using var enroll = await Http.PostAsync("enrollments", NudgeApiServer.Json("""{"email":"ann@globex.example","sequence":"outreach"}"""), Ct);

        enroll.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("""{"value":"not a domain"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"value":"a@b@c.example"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"reason":"no value"}""", HttpStatusCode.BadRequest)]
    public async Task AddSuppression_NotAnAddressOrDomain_IsRefusedNamingValue(string body, HttpStatusCode status)
    {
        using var response = await Http.PostAsync("suppressions", NudgeApiServer.Json(body), Ct);

        response.StatusCode.ShouldBe(status);
        (await NudgeApiTests.ProblemAsync(response, (int)status)).RootElement.GetProperty("field").GetString().ShouldBe("value");
        (await Server.Store.ListSuppressionsAsync(Ct)).ShouldBeEmpty();
    }
}
