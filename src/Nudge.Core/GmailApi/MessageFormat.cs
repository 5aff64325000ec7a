namespace Nudge.Core.GmailApi;

/// <summary>How much of a message <c>messages.get</c> and <c>threads.get</c> return.</summary>
public enum MessageFormat
{
    /// <summary>Ids and labels only.</summary>
    Minimal = 0,

    /// <summary>Ids, labels and the headers (filtered to the ones asked for).</summary>
    Metadata = 1,

    /// <summary>The parsed parts tree with bodies.</summary>
    Full = 2,

    /// <summary>The whole RFC 5322 message as base64url in <c>raw</c> (not for threads).</summary>
    Raw = 3,
}
