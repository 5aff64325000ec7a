namespace Nudge.Sandbox.Api;

/// <summary>The three ways a message enters a mailbox; they differ in rewriting, labels, dates and threading.</summary>
internal enum IngestKind
{
    /// <summary><c>messages.send</c>: From and Message-ID rewritten, labelled SENT, joins only a requested thread.</summary>
    Send,

    /// <summary><c>messages.import</c>: kept as is, INBOX and UNREAD by default, date from the Date header.</summary>
    Import,

    /// <summary><c>messages.insert</c>: kept as is, no labels by default, date of receipt.</summary>
    Insert,
}
