using Microsoft.AspNetCore.Http;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The headers every response of the web host carries: a strict Content-Security-Policy (nothing inline, nothing from
/// elsewhere, no framing), no MIME sniffing, no referrer to other sites, and no caching unless the endpoint allows it.
/// </summary>
/// <remarks>
/// An endpoint may replace them (the unsubscribe pages set their own policy, which allows their inline style); they
/// are set before the endpoint runs for that reason.
/// </remarks>
public static class SecurityHeaders
{
    /// <summary>
    /// The dashboard's policy. No inline script or style anywhere, so a value that escaped encoding still cannot run;
    /// <c>frame-src 'self'</c> is for template previews, which render in a sandboxed iframe.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
        "base-uri 'none'; connect-src 'self'; frame-src 'self'";

    /// <summary>Sets the headers on a response that has not started.</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        // Pages show leads and API keys: never kept by a browser or proxy cache. Assets set their own.
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
    }

    /// <summary>
    /// Lets the forms of a page go on to other sites' pages (OAuth consent pages) through the redirect that answers
    /// them: browsers check each redirect of a form submission against the <c>form-action</c> of the page that holds
    /// the form, so that page's policy names the origins.
    /// </summary>
    public static void AllowFormRedirectsTo(HttpResponse response, IEnumerable<Uri> targets)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(targets);
        var origins = string.Join(' ', targets.Select(t => t.GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.Ordinal));
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy.Replace(
            "form-action 'self'", "form-action 'self' " + origins, StringComparison.Ordinal);
    }
}
