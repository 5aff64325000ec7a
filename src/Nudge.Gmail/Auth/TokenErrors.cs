using System.Net;
using Google.Apis.Auth.OAuth2.Responses;
using Nudge.Core.Abstractions;

namespace Nudge.Gmail.Auth;

/// <summary>Turns what a token endpoint answered into a <see cref="MailboxAuthorizationException"/> that says what to do.</summary>
internal static class TokenErrors
{
    public static MailboxAuthorizationException ForUser(string email, TokenResponseException e) => e.Error?.Error switch
    {
        "invalid_grant" => new MailboxAuthorizationException(email, MailboxAuthorizationException.InvalidGrantMessage(email), false, e),
        "invalid_client" or "unauthorized_client" => new MailboxAuthorizationException(
            email,
            $"Google refused the OAuth client saved for {email} ({e.Error.Error}): the client may have been deleted or its secret reset. "
            + $"Download the client's credentials.json again and sign in with `nudge mailbox add {email} --credentials credentials.json`.",
            false,
            e),
        _ => Other(email, e),
    };

    public static MailboxAuthorizationException ForServiceAccount(string email, TokenResponseException e) => e.Error?.Error switch
    {
        "unauthorized_client" or "access_denied" => new MailboxAuthorizationException(
            email,
            $"Google refused domain-wide delegation for {email} ({e.Error.Error}): in the Google Workspace Admin console "
            + "(Security > Access and data control > API controls > Domain-wide delegation), authorize the service account's client ID "
            + $"for {GmailScopes.Send} and {GmailScopes.Readonly}. Delegation does not work for gmail.com accounts.",
            false,
            e),
        "invalid_grant" or "invalid_client" => new MailboxAuthorizationException(
            email,
            $"Google refused the service account sign-in for {email} ({e.Error.Error}): the key may have been deleted, or {email} is not a user "
            + $"of the Workspace domain. Add it again with `nudge mailbox add {email} --service-account key.json`.",
            false,
            e),
        _ => Other(email, e),
    };

    public static MailboxAuthorizationException Unreachable(string email, Exception e) => new(
        email, $"The token endpoint could not be reached for {email} ({e.GetType().Name}); trying again later.", true, e);

    private static MailboxAuthorizationException Other(string email, TokenResponseException e)
    {
        // A 5xx, or no status at all, is Google's trouble, not the sign-in's: try again later, do not pause.
        var transient = e.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests;
        return new MailboxAuthorizationException(
            email,
            transient
                ? $"The token endpoint failed for {email} ({(int?)e.StatusCode} {e.Error?.Error}); trying again later."
                : $"Google refused the saved sign-in for {email} ({e.Error?.Error}): sign in again with `nudge mailbox add {email} --credentials credentials.json`.",
            transient,
            e);
    }
}
