using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Observability;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// A fake of Google's token endpoint (<c>https://oauth2.googleapis.com/token</c>) at <c>POST /token</c>, for the
/// refresh-token grant only; point a client's token server URL at it. Errors use OAuth's shape (GMAIL-FACTS §4).
/// </summary>
internal static class OAuthApi
{
    public static void MapOAuthApi(this WebApplication app, SandboxState state)
    {
        Func<HttpContext, Task<IResult>> token = http => TokenAsync(http, state);
        app.MapPost("token", token);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, SandboxState state)
    {
        if (!http.Request.HasFormContentType)
        {
            return Error(400, "invalid_request", "Request must be application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
        {
            return Error(400, "invalid_request", "Missing required parameter: grant_type");
        }

        if (!string.Equals(grantType, "refresh_token", StringComparison.Ordinal))
        {
            return Error(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        }

        // Google accepts the client either in the form (client_secret_post) or as HTTP Basic (client_secret_basic).
        var (clientId, clientSecret) = Client(http, form);
        var refreshToken = form["refresh_token"].ToString();
        if (clientId.Length == 0)
        {
            return Error(400, "invalid_request", "Could not determine client ID from request.");
        }

        if (refreshToken.Length == 0)
        {
            return Error(400, "invalid_request", "Missing required parameter: refresh_token");
        }

        // Each sandbox mailbox has its own OAuth client; the client is authenticated before the grant is looked at.
        var client = state.AllMailboxes().FirstOrDefault(m => string.Equals(m.Grant.ClientId, clientId, StringComparison.Ordinal));
        if (client is null)
        {
            return Error(401, "invalid_client", "The OAuth client was not found.");
        }

        if (!string.Equals(client.Grant.ClientSecret, clientSecret, StringComparison.Ordinal))
        {
            return Error(401, "invalid_client", "Unauthorized");
        }

        if (state.Tokens.FindByRefreshToken(refreshToken) is not { } mailbox)
        {
            return Error(400, "invalid_grant", "Bad Request");
        }

        if (!ReferenceEquals(mailbox, client))
        {
            // A refresh token only works with the client it was issued to.
            return Error(401, "unauthorized_client", "Unauthorized");
        }

        var grant = mailbox.Grant;
        if (grant.Revoked)
        {
            return Error(400, "invalid_grant", "Token has been expired or revoked.");
        }

        var scopes = grant.Scopes;
        if (form["scope"].ToString() is { Length: > 0 } requested)
        {
            // A refresh may narrow the scopes but never widen them.
            var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = asked.Where(s => SandboxScopes.Normalize(s) is not { } n || !grant.Scopes.Contains(n)).ToList();
            if (unknown.Count > 0)
            {
                return Error(400, "invalid_scope", $"Some requested scopes were invalid. {{invalid=[{string.Join(", ", unknown)}]}}");
            }

            scopes = asked.Select(s => SandboxScopes.Normalize(s)!).ToHashSet(StringComparer.Ordinal);
        }

        var now = state.Time.GetUtcNow();
        var lifetime = state.Options.AccessTokenLifetime;
        var accessToken = state.Tokens.Mint(mailbox, scopes, now + lifetime, now);
        http.Response.Headers.CacheControl = "no-cache, no-store, max-age=0, must-revalidate";
        http.Response.Headers.Pragma = "no-cache";
        return Results.Json(
            new TokenResponse(
                accessToken,
                // Google answers 3599 for an hour-long token: the second in flight is taken off.
                Math.Max(0, (long)lifetime.TotalSeconds - 1),
                string.Join(' ', scopes.Order(StringComparer.Ordinal)),
                "Bearer"),
            AdminJson.Relaxed.TokenResponse,
            contentType: "application/json; charset=utf-8");
    }

    private static (string Id, string Secret) Client(HttpContext http, IFormCollection form)
    {
        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        if (AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is { } parameter)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    id = Uri.UnescapeDataString(decoded[..colon]);
                    secret = Uri.UnescapeDataString(decoded[(colon + 1)..]);
                }
            }
            catch (FormatException)
            {
                return ("", "");
            }
        }

        return (id, secret);
    }

    private static IResult Error(int status, string error, string description) => Results.Json(
        new OAuthError(error, description),
        AdminJson.Relaxed.OAuthError,
        contentType: "application/json; charset=utf-8",
        statusCode: status);
}
