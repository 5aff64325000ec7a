using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// A validated request to <c>/o/oauth2/v2/auth</c>, from the consent page's query string or from its form post, which
/// echoes the request in hidden fields and so is validated again the same way.
/// </summary>
/// <param name="ClientId">The installed-app client.</param>
/// <param name="RedirectUri">The loopback redirect, exactly as sent: the token request must repeat it.</param>
/// <param name="State">The client's opaque state, echoed on the redirect.</param>
/// <param name="Scopes">The requested scopes, as URLs, in the requested order without duplicates.</param>
/// <param name="RawScope">The <c>scope</c> parameter as sent, echoed in the page's hidden field.</param>
/// <param name="CodeChallenge">The PKCE challenge, if any.</param>
/// <param name="CodeChallengeMethod"><c>S256</c> or <c>plain</c>.</param>
/// <param name="LoginHint">The address to pre-select in the account chooser.</param>
/// <param name="AccessType"><c>online</c>, <c>offline</c> or null.</param>
/// <param name="Prompt">The space-separated prompt values, or null.</param>
internal sealed partial record AuthorizationRequest(
    string ClientId,
    string RedirectUri,
    string? State,
    IReadOnlyList<string> Scopes,
    string RawScope,
    string? CodeChallenge,
    string CodeChallengeMethod,
    string? LoginHint,
    string? AccessType,
    string? Prompt)
{
    /// <summary>Gets the parameter names the consent form echoes back.</summary>
    public static IReadOnlyList<string> EchoedParameters { get; } =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method", "access_type", "prompt", "login_hint"];

    /// <summary>
    /// Validates a request in Google's order: the client and the redirect first, because until the redirect is known
    /// to belong to the client nothing may be sent to it (an error page instead); after that, errors go back to the
    /// redirect with <c>error=</c> and the state.
    /// </summary>
    /// <param name="get">Reads one parameter; empty when absent.</param>
    /// <param name="options">The sandbox options, for the installed-app client.</param>
    /// <param name="request">The request, when valid.</param>
    /// <returns>Null when valid; otherwise the error page or error redirect to answer with.</returns>
    public static IResult? TryParse(Func<string, string> get, GmailSandboxOptions options, out AuthorizationRequest? request)
    {
        request = null;
        var clientId = get("client_id");
        if (clientId.Length == 0)
        {
            return ConsentPage.Error(400, "invalid_request", "Missing required parameter: client_id");
        }

        if (!string.Equals(clientId, options.OAuthClientId, StringComparison.Ordinal))
        {
            return ConsentPage.Error(401, "invalid_client", "The OAuth client was not found.");
        }

        var redirectUri = get("redirect_uri");
        if (redirectUri.Length == 0)
        {
            return ConsentPage.Error(400, "invalid_request", "Missing required parameter: redirect_uri");
        }

        if (!IsLoopback(redirectUri))
        {
            return ConsentPage.Error(
                400,
                "redirect_uri_mismatch",
                "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. "
                    + "This installed-app client accepts loopback redirects only (http://127.0.0.1:PORT/…, http://[::1]:PORT/… "
                    + "or http://localhost:PORT/…). Request details: redirect_uri=" + redirectUri);
        }

        var state = get("state") is { Length: > 0 } s ? s : null;
        IResult Fail(string error, string description) => ConsentPage.RedirectError(redirectUri, error, description, state);

        var responseType = get("response_type");
        if (responseType.Length == 0)
        {
            return Fail("invalid_request", "Required parameter is missing: response_type");
        }

        if (!string.Equals(responseType, "code", StringComparison.Ordinal))
        {
            return Fail("unsupported_response_type", "Invalid response_type: " + responseType);
        }

        var rawScope = get("scope");
        var asked = rawScope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (asked.Length == 0)
        {
            return Fail("invalid_request", "Missing required parameter: scope");
        }

        var invalid = asked.Where(scope => SandboxScopes.Normalize(scope) is null).ToList();
        if (invalid.Count > 0)
        {
            return Fail("invalid_scope", $"Some requested scopes were invalid. {{invalid=[{string.Join(", ", invalid)}]}}");
        }

        var challenge = get("code_challenge") is { Length: > 0 } c ? c : null;
        var method = get("code_challenge_method");
        if (challenge is null && method.Length > 0)
        {
            return Fail("invalid_request", "Missing required parameter: code_challenge");
        }

        // RFC 7636 §4.3: without a method the challenge is plain.
        method = method.Length == 0 ? "plain" : method;
        if (method is not ("S256" or "plain"))
        {
            return Fail("invalid_request", "Invalid code_challenge_method value: " + method);
        }

        if (challenge is not null && !CodeChallengePattern().IsMatch(challenge))
        {
            return Fail("invalid_request", "Invalid code_challenge value: it must be 43 to 128 characters of [A-Za-z0-9-._~].");
        }

        var accessType = get("access_type") is { Length: > 0 } a ? a : null;
        if (accessType is not (null or "online" or "offline"))
        {
            return Fail("invalid_request", "Invalid access_type: " + accessType);
        }

        var prompt = get("prompt") is { Length: > 0 } p ? p : null;
        var prompts = prompt?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (prompts.Any(v => v is not ("none" or "consent" or "select_account")) || (prompts.Contains("none") && prompts.Length > 1))
        {
            return Fail("invalid_request", "Invalid prompt: " + prompt);
        }

        request = new AuthorizationRequest(
            clientId,
            redirectUri,
            state,
            asked.Select(scope => SandboxScopes.Normalize(scope)!).Distinct(StringComparer.Ordinal).ToList(),
            rawScope,
            challenge,
            method,
            get("login_hint") is { Length: > 0 } hint ? hint : null,
            accessType,
            prompt);
        return null;
    }

    /// <summary>
    /// Google's desktop clients accept any port and path on the loopback interface over plain http, and nothing else.
    /// </summary>
    public static bool IsLoopback(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal)
        && uri.UserInfo.Length == 0
        && uri.Fragment.Length == 0
        && (uri.Host is "127.0.0.1" or "[::1]" || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeChallengePattern();
}
