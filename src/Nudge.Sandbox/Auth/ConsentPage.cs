using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Nudge.Sandbox.Auth;

/// <summary>
/// The pages and redirects of the authorization endpoint: the account chooser with the consent form, Google-style
/// error pages, and the 302 back to the client. Everything a request supplies is HTML-encoded before it is echoed.
/// </summary>
internal static class ConsentPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#202124}"
        + "h1{font-size:1.4rem;font-weight:500}fieldset{border:1px solid #dadce0;border-radius:8px;margin:1rem 0}"
        + "label{display:block;padding:.3rem 0}ul{padding-left:1.2rem}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}"
        + ".error{color:#d93025}code{word-break:break-all}";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [SandboxScopes.FullAccess] = "Read, compose, send, and permanently delete all your email from Gmail",
        [SandboxScopes.Modify] = "Read, compose, and send emails from your Gmail account",
        [SandboxScopes.Readonly] = "View your email messages and settings",
        [SandboxScopes.Metadata] = "View your email message metadata such as labels and headers, but not the email body",
        [SandboxScopes.Send] = "Send email on your behalf",
        [SandboxScopes.Compose] = "Manage drafts and send emails",
        [SandboxScopes.Insert] = "Add emails into your Gmail mailbox",
        [SandboxScopes.Labels] = "See and edit your email labels",
        [SandboxScopes.SettingsBasic] = "See, edit, create, or change your email settings and filters in Gmail",
    };

    /// <summary>Renders the account chooser and consent form; the form posts to <paramref name="action"/>.</summary>
    public static IResult Consent(AuthorizationRequest request, Func<string, string> echo, IReadOnlyList<string> accounts, string action)
    {
        var html = new StringBuilder();
        Open(html, "Sign in - Nudge Gmail sandbox");
        html.Append("<h1>Choose an account</h1><p>to continue to <b>").Append(Html.Encode(request.ClientId)).Append("</b></p>");
        html.Append("<form method=\"post\" action=\"").Append(Html.Encode(action)).Append("\">");
        foreach (var name in AuthorizationRequest.EchoedParameters)
        {
            if (echo(name) is { Length: > 0 } value)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Html.Encode(value)).Append("\">");
            }
        }

        html.Append("<fieldset><legend>Sandbox accounts</legend>");
        if (accounts.Count == 0)
        {
            html.Append("<p class=\"error\">This sandbox has no mailboxes yet. Create one with POST /sandbox/mailboxes.</p>");
        }

        // The hinted account is pre-selected; with a single account there is nothing to choose.
        var selected = accounts.FirstOrDefault(a => string.Equals(a, request.LoginHint, StringComparison.OrdinalIgnoreCase))
            ?? (accounts.Count == 1 ? accounts[0] : null);
        foreach (var account in accounts)
        {
            var encoded = Html.Encode(account);
            html.Append("<label><input type=\"radio\" name=\"account\" required value=\"").Append(encoded).Append('"')
                .Append(string.Equals(account, selected, StringComparison.Ordinal) ? " checked" : "")
                .Append("> ").Append(encoded).Append("</label>");
        }

        if (request.LoginHint is { } hint && selected is null)
        {
            html.Append("<p class=\"error\">No sandbox mailbox is called <code>").Append(Html.Encode(hint)).Append("</code>.</p>");
        }

        html.Append("</fieldset><p><b>").Append(Html.Encode(request.ClientId)).Append("</b> wants to access your Google Account:</p><ul>");
        foreach (var scope in request.Scopes)
        {
            html.Append("<li>").Append(Html.Encode(Descriptions.GetValueOrDefault(scope, scope)))
                .Append(" <small><code>").Append(Html.Encode(scope)).Append("</code></small></li>");
        }

        html.Append("</ul><p>You will be sent back to <code>").Append(Html.Encode(request.RedirectUri)).Append("</code>.</p>");
        // Deny needs no account, so it skips the browser's "required" check on the radio buttons.
        html.Append("<button type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>Deny</button>");
        html.Append("<button type=\"submit\" name=\"decision\" value=\"allow\"")
            .Append(accounts.Count == 0 ? " disabled" : "").Append(">Allow</button></form>");
        return Close(html, 200);
    }

    /// <summary>An error page like Google's "Access blocked: Authorization Error", for errors that must not redirect.</summary>
    public static IResult Error(int status, string error, string description)
    {
        var html = new StringBuilder();
        Open(html, "Error " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + error);
        html.Append("<h1>Access blocked: Authorization Error</h1><p class=\"error\">Error ")
            .Append(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(": ").Append(Html.Encode(error))
            .Append("</p><p>").Append(Html.Encode(description)).Append("</p>");
        return Close(html, status);
    }

    /// <summary>Sends the browser back to the client with <c>error</c> (and the state), as RFC 6749 §4.1.2.1 says.</summary>
    public static IResult RedirectError(string redirectUri, string error, string? description, string? state)
    {
        var query = new List<KeyValuePair<string, string?>> { new("error", error) };
        if (description is not null)
        {
            query.Add(new("error_description", description));
        }

        if (state is not null)
        {
            query.Add(new("state", state));
        }

        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    /// <summary>Sends the browser back to the client with the code, the granted scopes and the state, as Google does.</summary>
    public static IResult RedirectCode(AuthorizationRequest request, string code)
    {
        var query = new List<KeyValuePair<string, string?>>();
        if (request.State is not null)
        {
            query.Add(new("state", request.State));
        }

        query.Add(new("code", code));
        query.Add(new("scope", string.Join(' ', request.Scopes)));
        return Results.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, query));
    }

    private static void Open(StringBuilder html, string title) => html
        .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Html.Encode(title))
        .Append("</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>").Append(Style)
        .Append("</style></head><body>");

    private static IResult Close(StringBuilder html, int status) => new HtmlPageResult(status, html.Append("</body></html>").ToString());
}
