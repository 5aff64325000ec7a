using System.Text;
using Microsoft.AspNetCore.Http;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// An HTML page of the consent flow. The pages run no script, load nothing and may not be framed, so the policy
/// allows only inline style; <c>form-action</c> is left open because the form's answer redirects to another port.
/// </summary>
internal sealed class HtmlPageResult(int statusCode, string html) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        await response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
