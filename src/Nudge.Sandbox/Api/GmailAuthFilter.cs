using Microsoft.AspNetCore.Http;
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
        if (state.FindByToken(token) is not { } mailbox)
        {
            return GoogleErrors.InvalidCredentials();
        }

        var userId = http.Request.RouteValues["userId"] as string ?? "";
        if (!string.Equals(userId, "me", StringComparison.Ordinal)
            && !string.Equals(userId, mailbox.Email, StringComparison.OrdinalIgnoreCase))
        {
            return GoogleErrors.Forbidden("Delegation denied for " + userId);
        }

        http.Items[typeof(MailboxState)] = mailbox;
        return await next(context);
    }
}
