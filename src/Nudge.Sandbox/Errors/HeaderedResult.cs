using Microsoft.AspNetCore.Http;

namespace Nudge.Sandbox.Errors;

/// <summary>Adds one response header, then writes the inner result (e.g. <c>WWW-Authenticate</c> on a 403).</summary>
internal sealed class HeaderedResult(IResult inner, string name, string value) : IResult
{
    public IResult Inner { get; } = inner;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[name] = value;
        return Inner.ExecuteAsync(httpContext);
    }
}
