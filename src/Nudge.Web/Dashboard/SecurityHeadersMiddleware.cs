using Microsoft.AspNetCore.Http;

namespace Nudge.Web.Dashboard;

/// <summary>Applies <see cref="SecurityHeaders"/> to every response, before the rest of the pipeline runs.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        SecurityHeaders.Apply(context.Response);
        return next(context);
    }
}
