namespace Nudge.Web.Api;

/// <summary>The answer of <c>GET /api/v1/stats</c>.</summary>
/// <param name="At">When the numbers were read.</param>
/// <param name="Mailboxes">Each mailbox's sending against its limits.</param>
/// <param name="Sequences">Each sequence's enrollments by state (sequences with enrollments, and those loaded).</param>
public sealed record StatsView(DateTimeOffset At, IReadOnlyList<MailboxStatsView> Mailboxes, IReadOnlyList<SequenceStatsView> Sequences);
