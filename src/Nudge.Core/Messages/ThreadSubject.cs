namespace Nudge.Core.Messages;

/// <summary>
/// Subjects of replies. Gmail joins a reply to its thread only when the subject matches the thread's, allowing the
/// usual reply prefixes; any other change starts a new thread.
/// </summary>
public static class ThreadSubject
{
    /// <summary>The subject of a reply to <paramref name="threadSubject"/>: <c>Re: </c> added once, never stacked.</summary>
    public static string ForReply(string threadSubject) =>
        threadSubject.StartsWith("re:", StringComparison.OrdinalIgnoreCase) ? threadSubject : "Re: " + threadSubject;
}
