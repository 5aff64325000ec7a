namespace Nudge.Cli.Mailboxes;

/// <summary>One mailbox in <c>nudge mailbox list --json</c>. Holds no token.</summary>
internal sealed record MailboxListItem(
    string Email,
    string Kind,
    string Status,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    int SentLast24Hours,
    int DailyLimit,
    int SendsInWindow = 0,
    int DailyShare = 0,
    int UnitsAvailable = 0,
    int UnitsPerMinute = 0);
