namespace Nudge.Sandbox.Observability;

/// <summary>
/// How a client reaches one mailbox, as <c>POST /sandbox/mailboxes</c> answers: the same fields, in the same order, as
/// a line of <c>nudge sandbox</c>'s start-up output.
/// </summary>
internal sealed record MailboxCredentials(
    string Email,
    string BaseUrl,
    string TokenUrl,
    string AccessToken,
    string RefreshToken,
    string ClientId,
    string ClientSecret,
    string Kind);
