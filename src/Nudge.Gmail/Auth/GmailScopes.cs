namespace Nudge.Gmail.Auth;

/// <summary>The OAuth scopes Nudge asks for, and why.</summary>
public static class GmailScopes
{
    /// <summary>Send messages: the follow-ups themselves. It cannot read, change or delete mail.</summary>
    public const string Send = "https://www.googleapis.com/auth/gmail.send";

    /// <summary>
    /// Read messages and history, never change them: to notice replies (which stop a sequence) and to read back the
    /// Message-ID of what was sent, which threading the next step needs.
    /// </summary>
    public const string Readonly = "https://www.googleapis.com/auth/gmail.readonly";

    /// <summary>Both: the least that sending follow-ups and stopping on a reply needs.</summary>
    public static IReadOnlyList<string> Nudge { get; } = [Send, Readonly];
}
