namespace Nudge.Web.Dashboard;

/// <summary>What the overview page (<c>/</c>) shows beside its table of leads per state, read by <see cref="OverviewReader"/>.</summary>
/// <param name="Mailboxes">Each mailbox's health, in the store's order.</param>
/// <param name="Funnels">Each sequence's funnel: the loaded sequences, then any other one that has enrollments.</param>
public sealed record Overview(IReadOnlyList<OverviewMailbox> Mailboxes, IReadOnlyList<OverviewFunnel> Funnels);
