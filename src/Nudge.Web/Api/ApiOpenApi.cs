using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nudge.Web.Api;

/// <summary>The API's OpenAPI document: its routes only, its title, the bearer scheme on every operation.</summary>
internal static class ApiOpenApi
{
    private const string SchemeName = "bearer";

    // Read by hand (ApiRequests) so that a bad value is a problem naming it; the document still says they are integers.
    private static readonly HashSet<string> IntegerQueryParameters = new(StringComparer.Ordinal) { "page", "pageSize", "limit" };

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description =>
            description.RelativePath?.StartsWith(NudgeApi.Prefix[1..] + "/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Nudge API",
                Version = "v1",
                Description = "Enroll contacts in follow-up sequences, manage contacts and the suppression list, read stats, and hear of " +
                    "replies, bounces and completions through signed webhooks. Every request needs Authorization: Bearer <API key>; " +
                    "every error is an RFC 9457 problem (application/problem+json) naming the field at fault.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "API key",
                Description = "An API key (nk_…) made on the dashboard's settings page, or the token of `nudge run --listen`.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.In == ParameterLocation.Query && parameter.Name is { } name && IntegerQueryParameters.Contains(name))
                {
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
                }
            }

            return Task.CompletedTask;
        });
    }
}
