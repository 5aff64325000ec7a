using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Api;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Quota;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// Runs after <see cref="GmailAuthFilter"/>: a token needs one of the method's scopes (403
/// <c>insufficientPermissions</c> otherwise), and a token with <c>gmail.metadata</c> may not search or read bodies.
/// </summary>
internal sealed class ScopeFilter : IEndpointFilter
{
    private const string Realm = "Bearer realm=\"https://accounts.google.com/\"";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<GmailRpc>()?.Name is not { } rpc
            || GmailMethodCatalog.Find(rpc) is not { } method
            || http.Items[typeof(AccessGrant)] is not AccessGrant grant)
        {
            return await next(context);
        }

        if (!grant.Allows(method.Scopes))
        {
            return new HeaderedResult(
                PolicyErrors.InsufficientScopes(rpc),
                "WWW-Authenticate",
                $"{Realm}, error=\"insufficient_scope\", scope=\"{string.Join(' ', method.Scopes)}\"");
        }

        if (grant.MetadataRestricted && MetadataViolation(http, rpc) is { } error)
        {
            return error;
        }

        return await next(context);
    }

    // GMAIL-FACTS §4: "Metadata scope does not support 'q' parameter" and "Metadata scope doesn't allow format FULL".
    // messages.get, threads.get and drafts.get default to format=full, so they need an explicit format.
    private static GoogleErrorResult? MetadataViolation(HttpContext http, string rpc)
    {
        switch (rpc)
        {
            case "ListMessages" or "ListThreads" or "ListDrafts" when http.Query("q") is not null:
                return GoogleErrors.Forbidden("Metadata scope does not support 'q' parameter");
            case "GetMessage" or "GetThread" or "GetDraft":
                var format = (http.Query("format") ?? "full").ToUpperInvariant();
                return format is "FULL" or "RAW" ? GoogleErrors.Forbidden("Metadata scope doesn't allow format " + format) : null;
            default:
                return null;
        }
    }
}
