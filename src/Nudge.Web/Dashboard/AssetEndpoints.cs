using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Nudge.Web.Dashboard;

/// <summary>
/// <c>GET /assets/{name}</c>: the dashboard's css and js (<see cref="DashboardAssets"/>), public like any stylesheet,
/// with an ETag. A URL carrying the current version (<c>?v=</c>) may be cached for a year; any other is revalidated.
/// </summary>
internal static class AssetEndpoints
{
    public static RouteHandlerBuilder MapDashboardAssets(this IEndpointRouteBuilder endpoints, DashboardAssets assets) =>
        endpoints.MapGet(DashboardAssets.PathPrefix + "{name}", (string name, HttpContext context) =>
        {
            if (assets.Find(name) is not { } asset)
            {
                return Results.NotFound();
            }

            var headers = context.Response.Headers;
            headers.ETag = asset.ETag;
            headers.CacheControl = context.Request.Query["v"] == asset.Version
                ? "public, max-age=31536000, immutable"
                : "no-cache";
            var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
            if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(asset.ETag), useStrongComparison: false)))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Bytes(asset.Content, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
}
