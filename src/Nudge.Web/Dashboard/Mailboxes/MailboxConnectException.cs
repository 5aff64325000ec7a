namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>
/// A mailbox could not be connected, for a reason the user can act on; the message says what happened and what to do,
/// and never holds a token or a secret. Nothing was saved.
/// </summary>
public sealed class MailboxConnectException : Exception
{
    public MailboxConnectException()
    {
    }

    public MailboxConnectException(string message)
        : base(message)
    {
    }

    public MailboxConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
