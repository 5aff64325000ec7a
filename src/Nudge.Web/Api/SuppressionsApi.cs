using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;

namespace Nudge.Web.Api;

/// <summary><c>/api/v1/suppressions</c>: the addresses and domains Nudge never writes to.</summary>
internal static class SuppressionsApi
{
    public static void Map(RouteGroupBuilder api, IEngineStore store, TimeProvider time)
    {
        var group = api.MapGroup("/suppressions").WithTags("Suppressions");

        group.MapGet("", async (CancellationToken cancellationToken) =>
                Results.Json((await store.ListSuppressionsAsync(cancellationToken)).Select(View).ToList(), WebJsonContext.Default.ListSuppressionView))
            .WithName("ListSuppressions")
            .WithSummary("List the suppression list")
            .Produces<List<SuppressionView>>();

        group.MapPost("", (HttpRequest request, CancellationToken cancellationToken) => AddAsync(store, time, request, cancellationToken))
            .WithName("AddSuppression")
            .WithSummary("Add an address or a domain to the suppression list")
            .WithDescription("201 with the entry when it is new, 200 with the existing entry (unchanged) otherwise. Checked at enrollment " +
                "and again before every send, so active enrollments to it send nothing more.")
            .Accepts<SuppressionBody>("application/json")
            .Produces<SuppressionView>(StatusCodes.Status201Created)
            .Produces<SuppressionView>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status422UnprocessableEntity, Problems.ContentType);

        group.MapDelete("/{value}", async (string value, CancellationToken cancellationToken) =>
                await store.RemoveSuppressionAsync(value, cancellationToken)
                    ? Results.NoContent()
                    : Problems.NotFound($"{value.Trim()} is not on the suppression list", "value"))
            .WithName("RemoveSuppression")
            .WithSummary("Remove an address or a domain from the suppression list")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiProblem>(StatusCodes.Status404NotFound, Problems.ContentType);
    }

    private static async Task<IResult> AddAsync(IEngineStore store, TimeProvider time, HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiRequests.ReadJsonAsync(request, WebJsonContext.Default.SuppressionBody, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body?.Value))
        {
            return Problems.BadRequest("value is required: an address or a domain", "value");
        }

        Suppression entry;
        try
        {
            entry = Suppression.Parse(body.Value, string.IsNullOrWhiteSpace(body.Reason) ? "added through the API" : body.Reason.Trim(), time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            return Problems.Unprocessable($"value {ex.Message}", "value");
        }

        if (await store.AddSuppressionAsync(entry, cancellationToken))
        {
            return Results.Json(View(entry), WebJsonContext.Default.SuppressionView, statusCode: StatusCodes.Status201Created);
        }

        var existing = (await store.ListSuppressionsAsync(cancellationToken)).FirstOrDefault(s => s.Value == entry.Value) ?? entry;
        return Results.Json(View(existing), WebJsonContext.Default.SuppressionView);
    }

    private static SuppressionView View(Suppression s) =>
        new(s.Value, s.Kind == SuppressionKind.Domain ? "domain" : "address", s.Reason, s.CreatedAt);
}
