namespace Nudge.Core.Abstractions;

/// <summary>
/// No access token could be had for a mailbox. When <see cref="IsTransient"/> is <see langword="false"/> the sign-in
/// itself was refused (revoked, expired, a deleted OAuth client) and only the user can fix it: the worker pauses the
/// mailbox with <see cref="Exception.Message"/>, which says what to do. The message never contains a token.
/// </summary>
/// <remarks>It is thrown before any request reaches Gmail, so a send that fails with it certainly did not go out.</remarks>
public sealed class MailboxAuthorizationException : Exception
{
    public MailboxAuthorizationException(string email, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Email = email;
        IsTransient = isTransient;
    }

    public MailboxAuthorizationException()
        : this("", "The mailbox's sign-in was refused.", false)
    {
    }

    public MailboxAuthorizationException(string message)
        : this("", message, false)
    {
    }

    public MailboxAuthorizationException(string message, Exception innerException)
        : this("", message, false, innerException)
    {
    }

    /// <summary>The mailbox whose sign-in failed.</summary>
    public string Email { get; }

    /// <summary>Whether trying again later may work (the token endpoint was unreachable or failed with a 5xx).</summary>
    public bool IsTransient { get; }

    /// <summary>The message for Google's <c>invalid_grant</c>: what the user must do to sign the mailbox in again.</summary>
    public static string InvalidGrantMessage(string email) =>
        $"Google refused the saved sign-in for {email} (invalid_grant): sign in again with `nudge mailbox add {email} --credentials credentials.json`. "
        + "If your Google Cloud app's consent screen is in Testing mode, refresh tokens expire after 7 days: publish the app to stop this.";
}
