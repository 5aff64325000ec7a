using Nudge.Sandbox.Mime;

namespace Nudge.Sandbox.Model;

/// <summary>
/// One message as the mailbox holds it. Immutable (the sandbox has no label edits), so request handlers may read it
/// outside the mailbox lock once they have the reference.
/// </summary>
/// <remarks>
/// <c>InternalDate</c> is Gmail's <c>internalDate</c> in milliseconds since the Unix epoch; <c>HistoryId</c> is the
/// history id of the change that added the message; <c>Raw</c> holds the RFC 5322 bytes exactly as stored (what
/// <c>format=raw</c> returns).
/// </remarks>
internal sealed record StoredMessage(
    string Id,
    string ThreadId,
    IReadOnlyList<string> LabelIds,
    long InternalDate,
    ulong HistoryId,
    byte[] Raw,
    MessageFacts Facts);
