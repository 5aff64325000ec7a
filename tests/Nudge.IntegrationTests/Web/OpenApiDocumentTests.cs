using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Nudge.IntegrationTests.Web;

/// <summary>
/// The OpenAPI document at <c>/api/v1/openapi.json</c>: every route the app maps under <c>/api/v1</c> is in it, named,
/// summed up, and under the bearer scheme, so that a route cannot be added without being documented.
/// </summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    // The two routes of the API that are not operations: the document itself, and the catch-all that answers 404 problems.
    private static readonly string[] NotOperations = ["/api/v1/openapi.json", "/api/v1/{path}"];

    private NudgeApiServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await NudgeApiServer.StartAsync(token: "t0ken", Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task OpenApiDocument_WithoutAKey_Is401()
    {
        using var http = _server.CreateClient(null);

        using var response = await http.GetAsync("openapi.json", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenApiDocument_EveryMappedRoute_IsAnOperationWithNameSummaryAndTheBearerScheme()
    {
        using var http = _server.CreateClient("Bearer t0ken");

        using var response = await http.GetAsync("openapi.json", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync(Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        root.GetProperty("openapi").GetString().ShouldStartWith("3.");
        root.GetProperty("info").GetProperty("title").GetString().ShouldBe("Nudge API");
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");

        var documented = new HashSet<string>(StringComparer.Ordinal);
        var operationIds = new List<string>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            path.Name.ShouldStartWith("/api/v1/", customMessage: "only the API's routes are documented");
            foreach (var operation in path.Value.EnumerateObject())
            {
                documented.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
                var where = $"{operation.Name} {path.Name}";
                operationIds.Add(operation.Value.GetProperty("operationId").GetString().ShouldNotBeNull(where));
                operation.Value.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace(where);
                operation.Value.GetProperty("tags").GetArrayLength().ShouldBe(1, where);
                operation.Value.GetProperty("security").EnumerateArray().Single().EnumerateObject().Single().Name.ShouldBe("bearer", where);
                var responses = operation.Value.GetProperty("responses");
                responses.TryGetProperty("401", out var unauthorized).ShouldBeTrue(where);
                unauthorized.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue(where);
            }
        }

        var mapped = MappedRoutes().Where(r => !NotOperations.Any(n => r.EndsWith(" " + n, StringComparison.Ordinal))).ToList();
        mapped.Count.ShouldBeGreaterThan(20);
        mapped.Except(documented).ShouldBeEmpty("every route under /api/v1 is in the document");
        documented.Except(mapped).ShouldBeEmpty();
        operationIds.ShouldBeUnique();
        MappedRoutes().Count(r => NotOperations.Any(n => r.EndsWith(" " + n, StringComparison.Ordinal))).ShouldBe(2);
    }

    [Fact]
    public async Task OpenApiDocument_PagingParameters_AreIntegersAndBodiesAreDescribed()
    {
        using var http = _server.CreateClient("Bearer t0ken");

        using var document = JsonDocument.Parse(await http.GetStringAsync("openapi.json", Ct));

        var list = document.RootElement.GetProperty("paths").GetProperty("/api/v1/enrollments").GetProperty("get");
        var page = list.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "page");
        page.GetProperty("in").GetString().ShouldBe("query");
        page.GetProperty("schema").GetProperty("type").GetString().ShouldBe("integer");
        var create = document.RootElement.GetProperty("paths").GetProperty("/api/v1/enrollments").GetProperty("post");
        create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).ShouldBeTrue();
        create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema")
            .GetProperty("$ref").GetString().ShouldBe("#/components/schemas/EnrollmentView");
        create.GetProperty("responses").GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema")
            .GetProperty("$ref").GetString().ShouldBe("#/components/schemas/ApiProblem");
    }

    /// <summary>"METHOD /api/v1/…" for every route the app maps under /api/v1, constraints taken out as the document does.</summary>
    private List<string> MappedRoutes() =>
        [.. _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText!.TrimEnd('/'), "{${name}}")}"))];

    [GeneratedRegex(@"\{\**(?<name>\w+)(:[^}]+)?\}")]
    private static partial Regex Constraint();
}
