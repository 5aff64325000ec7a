namespace Nudge.Sandbox.Model;

/// <summary>Gmail's system label ids; the sandbox has no user labels.</summary>
internal static class SystemLabels
{
    public const string Inbox = "INBOX";
    public const string Sent = "SENT";
    public const string Unread = "UNREAD";
    public const string Spam = "SPAM";
    public const string Trash = "TRASH";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Inbox, Sent, "DRAFT", Spam, Trash, Unread, "STARRED", "IMPORTANT", "CHAT",
        "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_FORUMS",
    };
}
