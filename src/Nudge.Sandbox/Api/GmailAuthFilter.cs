using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Auth;
using Nudge.Sandbox.Errors;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Api;

/// <summary>
/// Authenticates every Gmail call the way Google orders its checks: first the bearer token (401), then whether
/// <c>{userId}</c> is that token's mailbox (403). The resolved mailbox is left in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class GmailAuthFilter(SandboxState state) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            var rpc = http.GetEndpoint()?.Metadata.GetMetadata<GmailRpc>()?.Name ?? "Unknown";
            return GoogleErrors.MissingCredentials(rpc);
        }

        var token = authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : "";
        // A mailbox's own token never expires; tokens minted by POST /token do, and then fail like an invalid one.
        var grant = state.FindByToken(token) is { } owner
            ? new AccessGrant(owner, owner.Grant.Scopes, ExpiresAt: null)
            : state.Tokens.FindMinted(token, state.Time.GetUtcNow());
        if (grant is null)
        {
            return GoogleErrors.InvalidCredentials();
        }

        var mailbox = grant.Mailbox;

        var userId = http.Request.RouteValues["userId"] as string ?? "";
        if (!string.Equals(userId, "me", StringComparison.Ordinal)
            && !string.Equals(userId, mailbox.Email, StringComparison.OrdinalIgnoreCase))
        {
            return GoogleErrors.Forbidden("Delegation denied for " + userId);
        }

        http.Items[typeof(MailboxState)] = mailbox;
        http.Items[typeof(AccessGrant)] = grant;
        return await next(context);
    }
}
