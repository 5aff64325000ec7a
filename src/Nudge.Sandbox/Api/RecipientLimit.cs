using MimeKit;
using Nudge.Sandbox.Errors;

namespace Nudge.Sandbox.Api;

/// <summary>
/// "Recipients per message sent via SMTP or the Gmail API: 100" (GMAIL-FACTS §3b), counted over To, Cc and Bcc.
/// Applied to send, import, insert and drafts alike.
/// </summary>
internal static class RecipientLimit
{
    public const int MaxRecipients = 100;

    /// <summary>Returns the 400 to send when the message has too many recipients, else null.</summary>
    public static GoogleErrorResult? Check(MimeMessage message)
    {
        var count = message.To.Mailboxes.Count() + message.Cc.Mailboxes.Count() + message.Bcc.Mailboxes.Count();

        // Google's wording for this case was not found; this text is a guess in Gmail's terse style.
        return count > MaxRecipients
            ? GoogleErrors.InvalidArgument("Too many recipients: at most 100 (To, Cc and Bcc together) are allowed.")
            : null;
    }
}
