namespace Nudge.Core.Quota;

/// <summary>A mailbox's quota use now, for people (<c>nudge mailbox list</c>).</summary>
/// <param name="SendsInWindow">Sends in the rolling 24 hours: Nudge's and the user's own.</param>
/// <param name="DailyShare">How many of them Nudge allows itself (<see cref="QuotaOptions.DailySafetyShare"/> of the limit).</param>
/// <param name="DailyLimit">Gmail's daily limit for the mailbox.</param>
/// <param name="UnitsAvailable">API units Nudge may spend right now.</param>
/// <param name="UnitsPerMinute">Gmail's per-user per-minute quota of the mailbox's regime.</param>
/// <param name="NextSendAt">No send before this instant (pacing), if set.</param>
public sealed record QuotaUsage(int SendsInWindow, int DailyShare, int DailyLimit, int UnitsAvailable, int UnitsPerMinute, DateTimeOffset? NextSendAt);
