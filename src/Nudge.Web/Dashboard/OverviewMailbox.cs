using Nudge.Core.Abstractions;
using Nudge.Web.Charts;

namespace Nudge.Web.Dashboard;

/// <summary>One mailbox's health on the overview.</summary>
/// <param name="Mailbox">The mailbox: its status and why it is paused.</param>
/// <param name="SentLast24Hours">Sends counted against its daily limit in the last 24 hours (Nudge's and the user's own).</param>
/// <param name="DailyLimit">Its daily sending limit (<see cref="Mailbox.DailySendLimit"/>).</param>
/// <param name="UnitsAvailable">Gmail API quota units in its bucket now.</param>
/// <param name="UnitsCapacity">The bucket's capacity.</param>
/// <param name="Bars">The chart: sends against the limit, units available against the capacity.</param>
public sealed record OverviewMailbox(Mailbox Mailbox, int SentLast24Hours, int DailyLimit, int UnitsAvailable, int UnitsCapacity,
    IReadOnlyList<ChartBar> Bars)
{
    /// <summary>The chart's accessible name.</summary>
    public string ChartTitle => $"{Mailbox.Email}: sends in the last 24 hours against the daily limit, and quota units available";
}
