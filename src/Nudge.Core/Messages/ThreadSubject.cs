namespace Nudge.Core.Messages;

/// <summary>
/// Subjects of replies. Gmail joins a reply to its thread only when the subject matches the thread's, allowing the
/// usual reply prefixes; any other change starts a new thread.
/// </summary>
public static class ThreadSubject
{
    private static readonly string[] ReplyPrefixes = ["re:", "aw:", "sv:", "fwd:", "fw:"];

    /// <summary>The subject of a reply to <paramref name="threadSubject"/>: <c>Re: </c> added once, never stacked.</summary>
    public static string ForReply(string threadSubject) =>
        threadSubject.StartsWith("re:", StringComparison.OrdinalIgnoreCase) ? threadSubject : "Re: " + threadSubject;

    /// <summary>The subject with reply and forward prefixes removed, as threads compare them.</summary>
    public static string Normalize(string subject)
    {
        var s = subject.Trim();
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var prefix in ReplyPrefixes)
            {
                if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    s = s[prefix.Length..].TrimStart();
                    changed = true;
                }
            }
        }

        return s;
    }
}
