namespace Nudge.Core.Planning;

/// <summary>What the worker will send over a stretch of time if nobody replies, and what stands in the way.</summary>
/// <param name="From">The start of the plan (UTC).</param>
/// <param name="Until">The end of the plan (UTC, excluded): sends due from then on are not planned.</param>
/// <param name="Sends">The planned sends, in time order.</param>
/// <param name="Problems">Everything that keeps the plan from going as written, in the order found.</param>
/// <param name="MailboxDays">Planned sends per mailbox per day (in the mailbox's zone), by mailbox then day.</param>
public sealed record CampaignPlan(
    DateTimeOffset From,
    DateTimeOffset Until,
    IReadOnlyList<PlannedSend> Sends,
    IReadOnlyList<PlanProblem> Problems,
    IReadOnlyList<MailboxDay> MailboxDays)
{
    /// <summary>Whether any problem was found.</summary>
    public bool HasProblems => Problems.Count > 0;
}
