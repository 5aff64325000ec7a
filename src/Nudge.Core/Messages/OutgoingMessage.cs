using Nudge.Core.Templates;
using Nudge.Core.Unsubscribe;

namespace Nudge.Core.Messages;

/// <summary>Everything needed to build one sendable email.</summary>
/// <param name="FromName">Display name of the mailbox.</param>
/// <param name="FromEmail">The mailbox's address.</param>
/// <param name="ToName">Display name of the contact, if known.</param>
/// <param name="ToEmail">The contact's address.</param>
/// <param name="Subject">The final subject (for a reply: the thread's subject with <c>Re: </c>).</param>
/// <param name="Body">The rendered text and HTML bodies.</param>
/// <param name="MessageId">Our Message-ID, <c>&lt;…@…&gt;</c>; Gmail replaces it on send.</param>
/// <param name="Date">The Date header.</param>
/// <param name="InReplyTo">For a reply: the previous message's real (Gmail-assigned) Message-ID.</param>
/// <param name="References">For a reply: the Message-IDs of the thread so far, oldest first.</param>
/// <param name="SendId">Our key for this send, carried in <c>X-Nudge-Send-Id</c> so that the message can be recognised as ours.</param>
/// <param name="ListUnsubscribe">
/// The <c>List-Unsubscribe</c> header (and, when one-click, <c>List-Unsubscribe-Post</c>) of a sequence mail;
/// <see langword="null"/> for none.
/// </param>
/// <param name="AutoSubmitted">
/// Whether the message answers an inbound mail automatically (a templated reply): it then says
/// <c>Auto-Submitted: auto-replied</c> (RFC 3834), so that the other side's auto-responders do not answer it in turn.
/// </param>
public sealed record OutgoingMessage(
    string FromName,
    string FromEmail,
    string? ToName,
    string ToEmail,
    string Subject,
    RenderedMessage Body,
    string MessageId,
    DateTimeOffset Date,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string SendId,
    ListUnsubscribeHeader? ListUnsubscribe = null,
    bool AutoSubmitted = false);
