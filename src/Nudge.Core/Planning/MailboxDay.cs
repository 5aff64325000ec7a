namespace Nudge.Core.Planning;

/// <summary>How many planned sends one mailbox makes on one day, against its limit.</summary>
/// <param name="Mailbox">The mailbox's address.</param>
/// <param name="Date">The day, in the mailbox's zone.</param>
/// <param name="TimeZone">The IANA id of the mailbox's zone (<c>UTC</c> when it names none).</param>
/// <param name="Sends">The planned sends of that day.</param>
/// <param name="Share">How many sends Nudge allows itself per rolling 24 hours: the safety share of the limit.</param>
/// <param name="DailyLimit">Gmail's daily sending limit for the mailbox.</param>
public sealed record MailboxDay(string Mailbox, DateOnly Date, string TimeZone, int Sends, int Share, int DailyLimit);
