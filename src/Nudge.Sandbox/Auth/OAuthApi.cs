using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Observability;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// A fake of Google's token endpoint (<c>https://oauth2.googleapis.com/token</c>) at <c>POST /token</c>, for the
/// refresh-token grant and the authorization-code grant (codes from <see cref="AuthorizeApi"/>); point a client's
/// token server URL at it. Errors use OAuth's shape (GMAIL-FACTS §4).
/// </summary>
internal static class OAuthApi
{
    public static void MapOAuthApi(this WebApplication app, SandboxState state)
    {
        Func<HttpContext, Task<IResult>> token = http => TokenAsync(http, state);
        app.MapPost("token", token);
        app.MapAuthorizeApi(state);
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

        if (grantType is not ("refresh_token" or "authorization_code"))
        {
            return Error(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        }

        // Google accepts the client either in the form (client_secret_post) or as HTTP Basic (client_secret_basic).
        var (clientId, clientSecret) = Client(http, form);
        if (clientId.Length == 0)
        {
            return Error(400, "invalid_request", "Could not determine client ID from request.");
        }

        var parameter = grantType == "refresh_token" ? "refresh_token" : "code";
        if (form[parameter].ToString().Length == 0)
        {
            return Error(400, "invalid_request", "Missing required parameter: " + parameter);
        }

        // The client is authenticated before the grant is looked at: the installed-app client, or a mailbox's own.
        var expectedSecret = string.Equals(clientId, state.Options.OAuthClientId, StringComparison.Ordinal)
            ? state.Options.OAuthClientSecret
            : state.AllMailboxes().FirstOrDefault(m => string.Equals(m.Grant.ClientId, clientId, StringComparison.Ordinal))?.Grant.ClientSecret;
        if (expectedSecret is null)
        {
            return Error(401, "invalid_client", "The OAuth client was not found.");
        }

        if (clientSecret.Length == 0)
        {
            return Error(400, "invalid_request", "client_secret is missing.");
        }

        if (!string.Equals(expectedSecret, clientSecret, StringComparison.Ordinal))
        {
            return Error(401, "invalid_client", "Unauthorized");
        }

        return grantType == "refresh_token"
            ? Refresh(http, state, form, clientId)
            : ExchangeCode(http, state, form, clientId);
    }

    private static IResult Refresh(HttpContext http, SandboxState state, IFormCollection form, string clientId)
    {
        if (state.Tokens.FindByRefreshToken(form["refresh_token"].ToString()) is not { } found)
        {
            return Error(400, "invalid_grant", "Bad Request");
        }

        var (mailbox, grant) = found;
        if (!string.Equals(grant.ClientId, clientId, StringComparison.Ordinal))
        {
            // A refresh token only works with the client it was issued to.
            return Error(401, "unauthorized_client", "Unauthorized");
        }

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

        return Issue(http, state, mailbox, scopes, refreshToken: null);
    }

    private static IResult ExchangeCode(HttpContext http, SandboxState state, IFormCollection form, string clientId)
    {
        var redemption = state.Codes.Redeem(form["code"].ToString(), state.Time.GetUtcNow());
        if (redemption.Code is not { } code)
        {
            // Google calls a code it cannot parse malformed; a used or expired one just gets "Bad Request".
            return Error(400, "invalid_grant", redemption.Status == CodeStatus.Unknown ? "Malformed auth code." : "Bad Request");
        }

        if (!string.Equals(code.ClientId, clientId, StringComparison.Ordinal))
        {
            return Error(400, "invalid_grant", "Bad Request");
        }

        var redirectUri = form["redirect_uri"].ToString();
        if (redirectUri.Length == 0)
        {
            return Error(400, "invalid_request", "Missing parameter: redirect_uri");
        }

        if (!string.Equals(redirectUri, code.RedirectUri, StringComparison.Ordinal))
        {
            return Error(400, "redirect_uri_mismatch", "Bad Request");
        }

        var verifier = form["code_verifier"].ToString();
        if (code.CodeChallenge is { } challenge)
        {
            if (verifier.Length == 0)
            {
                return Error(400, "invalid_grant", "Missing code verifier.");
            }

            if (!VerifierMatches(verifier, challenge, code.CodeChallengeMethod))
            {
                return Error(400, "invalid_grant", "Invalid code verifier.");
            }
        }

        var grant = state.AddConsentGrant(code.Mailbox, code.Scopes);
        return Issue(http, state, code.Mailbox, grant.Scopes, grant.RefreshToken);
    }

    // RFC 7636 §4.6: S256 compares BASE64URL(SHA256(ASCII(verifier))) with the challenge; plain compares them as is.
    private static bool VerifierMatches(string verifier, string challenge, string method)
    {
        if (verifier.Length is < 43 or > 128)
        {
            return false;
        }

        var expected = method == "S256"
            ? Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)), pad: false)
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    private static IResult Issue(HttpContext http, SandboxState state, MailboxState mailbox, IReadOnlySet<string> scopes, string? refreshToken)
    {
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
                refreshToken,
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
