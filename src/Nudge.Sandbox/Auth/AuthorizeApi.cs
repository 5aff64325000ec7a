using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// A fake of Google's authorization endpoint (<c>https://accounts.google.com/o/oauth2/v2/auth</c>) for the sandbox's
/// installed-app client: <c>GET</c> shows an account chooser with the requested scopes, and the form's post answers
/// with a 302 to the loopback <c>redirect_uri</c> carrying a code (Allow) or <c>error=access_denied</c> (Deny).
/// </summary>
internal static class AuthorizeApi
{
    public const string Path = "/o/oauth2/v2/auth";

    private const string ApprovePath = Path + "/approve";

    public static void MapAuthorizeApi(this WebApplication app, SandboxState state)
    {
        app.MapGet(Path, (HttpContext http) => Show(http, state));
        Func<HttpContext, Task<IResult>> decide = http => DecideAsync(http, state);
        app.MapPost(ApprovePath, decide);
        // Google's own form posts to the same path; accept that too, so a client that replays the form may use either.
        app.MapPost(Path, decide);
    }

    private static IResult Show(HttpContext http, SandboxState state)
    {
        string Get(string name) => http.Request.Query[name].ToString();
        if (AuthorizationRequest.TryParse(Get, state.Options, out var request) is { } failure)
        {
            return failure;
        }

        // The sandbox keeps no signed-in browser session, so there is never a user to authorize silently.
        if (request!.Prompt == "none")
        {
            return ConsentPage.RedirectError(request.RedirectUri, "login_required", null, request.State);
        }

        var accounts = state.AllMailboxes().Select(m => m.Email).ToList();
        return ConsentPage.Consent(request, Get, accounts, ApprovePath);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, SandboxState state)
    {
        if (!http.Request.HasFormContentType)
        {
            return ConsentPage.Error(400, "invalid_request", "The consent form must be posted as application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        string Get(string name) => form[name].ToString();

        // The hidden fields are the client's request again and may have been edited: validate them as on GET.
        if (AuthorizationRequest.TryParse(Get, state.Options, out var request) is { } failure)
        {
            return failure;
        }

        switch (Get("decision"))
        {
            case "deny":
                // Google sends only the error and the state for a refusal.
                return ConsentPage.RedirectError(request!.RedirectUri, "access_denied", null, request.State);
            case "allow":
                break;
            default:
                return ConsentPage.Error(400, "invalid_request", "Missing or invalid decision: expected allow or deny.");
        }

        var account = Get("account");
        if (account.Length == 0 || state.FindByEmail(account) is not { } mailbox)
        {
            return ConsentPage.Error(
                400, "invalid_request", account.Length == 0 ? "Choose an account." : $"'{account}' is not a mailbox of this sandbox.");
        }

        var now = state.Time.GetUtcNow();
        var code = state.Codes.Issue(
            new AuthorizationCode(
                mailbox,
                request!.Scopes,
                request.ClientId,
                request.RedirectUri,
                request.CodeChallenge,
                request.CodeChallengeMethod,
                now + AuthorizationCodeStore.Lifetime),
            now);
        return ConsentPage.RedirectCode(request, code);
    }
}
