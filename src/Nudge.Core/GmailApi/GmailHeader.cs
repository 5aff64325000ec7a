namespace Nudge.Core.GmailApi;

/// <summary>One header of a message part, as Gmail returns it (name case as in the message).</summary>
public sealed record GmailHeader(string Name, string Value);
