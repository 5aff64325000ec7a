namespace Nudge.Core.Quota;

/// <summary>A mailbox's quota state as stored, read by the governor.</summary>
/// <param name="Tokens">The units left in the bucket when it was last charged; <see langword="null"/> when never charged (full).</param>
/// <param name="TokensCountedAt">When <paramref name="Tokens"/> was computed.</param>
/// <param name="NextSendAt">No send of the mailbox before this instant (pacing); <see langword="null"/> when none yet.</param>
/// <param name="SendTimes">
/// The sends inside the window asked for, oldest first: Nudge's reserved sends (a send counts from its reservation,
/// before it completes) and the user's own sends seen in the mailbox's history.
/// </param>
public sealed record MailboxQuotaState(double? Tokens, DateTimeOffset? TokensCountedAt, DateTimeOffset? NextSendAt, IReadOnlyList<DateTimeOffset> SendTimes);
