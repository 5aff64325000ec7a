using Nudge.Core.Abstractions;
using Nudge.Core.Quota;

namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>One mailbox on the mailboxes page, with the numbers <c>nudge mailbox list</c> shows.</summary>
/// <param name="Mailbox">The mailbox: kind, status and why it is paused, quota settings.</param>
/// <param name="SentLast24Hours">Nudge's sends from it in the last 24 hours.</param>
/// <param name="Usage">Its quota now: every send in the rolling window against Nudge's share, API units.</param>
public sealed record MailboxRow(Mailbox Mailbox, int SentLast24Hours, QuotaUsage Usage)
{
    /// <summary>The kind, as the page and the CLI write it.</summary>
    public string Kind => Mailbox.Kind.ToString().ToLowerInvariant();

    /// <summary>The status, as the page and the CLI write it.</summary>
    public string Status => Mailbox.Status.ToString().ToLowerInvariant();

    /// <summary>The regime, as the quota form writes it.</summary>
    public string Regime => Mailbox.QuotaRegime == GmailQuotaRegime.Legacy ? "legacy" : "2026";
}
