using Nudge.Sandbox.Mime;
using Nudge.Sandbox.Model;

namespace Nudge.Sandbox.Threading;

/// <summary>
/// Decides which thread a new message lands in (GMAIL-FACTS §1). Gmail never reports a failed join: the message
/// silently starts a new thread, and the client must notice the different <c>threadId</c>.
/// Call with the mailbox's <see cref="MailboxState.Gate"/> held.
/// </summary>
internal static class ThreadJoiner
{
    /// <summary>
    /// With a requested <c>threadId</c> that exists in the mailbox: join it only if the message's In-Reply-To or
    /// References names a message of that thread and the normalised subjects match. Returns null for a new thread.
    /// </summary>
    public static string? JoinRequested(IReadOnlyList<StoredMessage> thread, MessageFacts facts)
    {
        var names = new HashSet<string>(facts.ReferencedIds, StringComparer.Ordinal);
        var repliesIntoThread = thread.Any(m => m.Facts.MessageId.Length > 0 && names.Contains(m.Facts.MessageId));
        return repliesIntoThread && SubjectNormalizer.SameThreadSubject(thread[0].Facts.Subject, facts.Subject)
            ? thread[0].ThreadId
            : null;
    }

    /// <summary>
    /// Without a <c>threadId</c> (import, insert): join the thread of the nearest message named by In-Reply-To or
    /// References whose thread has the same normalised subject; this is how an incoming reply reaches the
    /// sender's thread. Returns null for a new thread.
    /// </summary>
    public static string? JoinByHeaders(MailboxState mailbox, MessageFacts facts)
    {
        foreach (var referenced in facts.ReferencedIds)
        {
            foreach (var parent in mailbox.FindByMessageIdHeader(referenced))
            {
                var thread = mailbox.FindThread(parent.ThreadId);
                if (thread is not null && SubjectNormalizer.SameThreadSubject(thread[0].Facts.Subject, facts.Subject))
                {
                    return parent.ThreadId;
                }
            }
        }

        return null;
    }
}
