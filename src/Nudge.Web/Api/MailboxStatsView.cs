namespace Nudge.Web.Api;

/// <summary>A mailbox's sending in the last 24 hours against its limits.</summary>
/// <param name="Email">The mailbox.</param>
/// <param name="State"><c>active</c>, or <c>paused</c> (Google refused its sign-in).</param>
/// <param name="PausedReason">Why it is paused, when it is.</param>
/// <param name="SentLast24h">Messages Nudge sent from it in the last 24 hours.</param>
/// <param name="SendsInWindow">Sends counted against the limit in the rolling window: Nudge's (sent or on their way) and the user's own.</param>
/// <param name="DailyShare">How many of them Nudge allows itself.</param>
/// <param name="DailyLimit">Gmail's daily sending limit for the mailbox.</param>
public sealed record MailboxStatsView(string Email, string State, string? PausedReason, int SentLast24h, int SendsInWindow, int DailyShare,
    int DailyLimit);
