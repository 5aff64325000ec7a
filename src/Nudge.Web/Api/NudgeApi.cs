using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrolling;

namespace Nudge.Web.Api;

/// <summary>
/// The HTTP API under <c>/api/v1</c>, for other systems: a sign-up form enrolls a contact, a CRM upserts contacts, a
/// billing system hears of replies through webhooks. Every request needs <c>Authorization: Bearer &lt;key&gt;</c>; every
/// error is an RFC 9457 problem (<see cref="ApiProblem"/>); the OpenAPI document is at <see cref="OpenApiPath"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>POST /enrollments</c></term><description>enroll (201, 200 when already enrolled, 400, 422)</description></item>
/// <item><term><c>GET /enrollments</c>, <c>GET /enrollments/{id}</c></term><description>list (state, sequence, page) and read</description></item>
/// <item><term><c>POST /enrollments/{id}/pause|resume|stop</c></term><description>200, 404, 409 when it has ended</description></item>
/// <item><term><c>PUT /contacts/{email}</c>, <c>GET /contacts/{email}</c>, <c>POST /contacts/bulk</c>, <c>GET /contacts</c></term>
/// <description>upsert one, read one, up to 1,000 with per-row errors, search</description></item>
/// <item><term><c>GET /sequences</c>, <c>POST /sequences/validate</c></term><description>list, check a file</description></item>
/// <item><term><c>GET|POST /suppressions</c>, <c>DELETE /suppressions/{value}</c></term><description>the suppression list</description></item>
/// <item><term><c>GET /stats</c></term><description>sends per mailbox, enrollments per sequence and state</description></item>
/// <item><term><c>POST|GET /webhooks</c>, <c>GET|DELETE /webhooks/{id}</c>, <c>GET /webhooks/{id}/deliveries</c></term>
/// <description>webhooks out, and their delivery log (sent by <see cref="Webhooks.WebhookDispatcher"/>)</description></item>
/// </list>
/// A host calls <see cref="AddNudgeApi"/> on its services, then <see cref="MapNudgeApi"/> on the app.
/// </remarks>
public static class NudgeApi
{
    /// <summary>Where every route of the API starts.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>Where the OpenAPI document is served (it needs a key too).</summary>
    public const string OpenApiPath = Prefix + "/openapi.json";

    /// <summary>The OpenAPI document's name (Microsoft.AspNetCore.OpenApi's default, which <see cref="OpenApiPath"/> serves).</summary>
    public const string DocumentName = "v1";

    /// <summary>
    /// Registers what the API needs: its source-generated JSON in the HTTP JSON options, and the OpenAPI document of the
    /// <c>/api/v1</c> routes (named <see cref="DocumentName"/>, with the bearer security scheme). Call it once, before
    /// <c>Build()</c>.
    /// </summary>
    public static IServiceCollection AddNudgeApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ApiServicesMarker)))
        {
            return services;
        }

        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJsonContext.Default));
        services.AddOpenApi(DocumentName, ApiOpenApi.Configure);
        services.AddSingleton<ApiServicesMarker>();
        return services;
    }

    /// <summary>
    /// Maps the API's endpoints and its OpenAPI document; <paramref name="enroller"/> and <paramref name="store"/> serve
    /// every request. Needs <see cref="AddNudgeApi"/> on the services.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="store">Contacts, enrollments, API keys, webhooks.</param>
    /// <param name="enroller">Enrolls for <c>POST /enrollments</c> and <c>POST /contacts/bulk</c>.</param>
    /// <param name="options">The static token, the sequences, their folder.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>The <c>/api/v1</c> group, for more conventions.</returns>
    /// <exception cref="InvalidOperationException"><see cref="AddNudgeApi"/> was not called.</exception>
    public static RouteGroupBuilder MapNudgeApi(this IEndpointRouteBuilder endpoints, IEngineStore store, Enroller enroller, NudgeApiOptions options,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(enroller);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (endpoints.ServiceProvider.GetService<ApiServicesMarker>() is null)
        {
            throw new InvalidOperationException("MapNudgeApi needs services.AddNudgeApi() first (the API's JSON and OpenAPI document).");
        }

        var authentication = new ApiAuthentication(store, timeProvider, options.Token);
        var api = endpoints.MapGroup(Prefix);
        api.AddEndpointFilter(authentication.FilterAsync);
        api.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ApiProblem), [Problems.ContentType]),
            new ProducesResponseTypeMetadata(StatusCodes.Status500InternalServerError, typeof(ApiProblem), [Problems.ContentType]));

        EnrollmentsApi.Map(api, store, enroller, timeProvider);
        ContactsApi.Map(api, store, enroller);
        SequencesApi.Map(api, store, options);
        SuppressionsApi.Map(api, store, timeProvider);
        StatsApi.Map(api, store, options, timeProvider);
        WebhooksApi.Map(api, store, timeProvider);

        // In the group: the document needs a key like the rest (a host's conventions on the group reach it too).
        api.MapOpenApi(OpenApiPath[Prefix.Length..]).WithName("GetOpenApiDocument");

        // Anything else under /api/v1 is a problem too, not an empty 404 (after the key check: unknown routes tell nothing).
        api.Map("/{**path}", (string? path) => Problems.NotFound($"no endpoint {Prefix}/{path}: see {OpenApiPath}"))
            .WithName("ApiNotFound")
            .ExcludeFromDescription();
        return api;
    }

    /// <summary>Says that <see cref="AddNudgeApi"/> ran.</summary>
    private sealed class ApiServicesMarker;
}
