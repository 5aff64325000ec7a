namespace Nudge.Sandbox.Mime;

/// <summary>
/// What the sandbox needs from a message's MIME for threading and search, extracted once when the message is stored
/// so that lists and thread joins never re-parse it.
/// </summary>
/// <remarks>
/// <c>MessageId</c> is the <c>Message-ID</c> without angle brackets, or empty. <c>ReferencedIds</c> are the
/// Message-IDs (without brackets) the message replies to: <c>In-Reply-To</c> first, then <c>References</c> newest first.
/// </remarks>
internal sealed record MessageFacts(
    string Subject,
    string MessageId,
    IReadOnlyList<string> ReferencedIds,
    string From,
    string To,
    string Cc,
    string Bcc,
    bool HasRecipients,
    DateTimeOffset? Date,
    string Snippet,
    string BodyText);
