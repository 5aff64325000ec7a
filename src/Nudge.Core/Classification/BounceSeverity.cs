using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// Hard or soft. "Hard" is narrow on purpose (as in sisimai): only a fault of the address itself, a user or host that
/// does not exist or a mailbox that moved. Everything else, including most 5xx refusals, may succeed later or from
/// another sender, so it is soft.
/// </summary>
internal static partial class BounceSeverity
{
    /// <summary>Decides, and says why in a short phrase for the evidence.</summary>
    /// <param name="action">The DSN Action, lowercased, if any.</param>
    /// <param name="status">The enhanced status code, if any.</param>
    /// <param name="diagnostic">The server's own words about this recipient, if any.</param>
    /// <param name="context">The rest of the notice, read only when the first three settle nothing.</param>
    public static (bool Hard, string Reason) Decide(string? action, string? status, string? diagnostic, string context)
    {
        if (action == "delayed")
            return (false, "delivery delayed");
        if (status is not null && status[0] == '4')
            return (false, $"transient status {status}");
        if (status is "5.1.7" or "5.1.8")
            return (false, $"status {status}: the sender's address was refused");
        if (diagnostic is not null && TemporaryReply().IsMatch(diagnostic))
            return (false, "transient SMTP reply");

        if (diagnostic is not null && Classify(diagnostic) is { } fromDiagnostic)
            return AfterData(fromDiagnostic, context);

        if (status is not null && !status.EndsWith(".0.0", StringComparison.Ordinal))
        {
            return HardStatus().IsMatch(status)
                ? (true, $"status {status}: bad address")
                : (false, $"status {status}: not an address fault");
        }

        if (Classify(context) is { } fromContext)
            return AfterData(fromContext, context);
        return (false, "no address fault stated");
    }

    /// <summary>
    /// Recipients are checked at RCPT TO. A "user unknown" given only in reply to DATA comes from a content filter
    /// that words its refusal that way, so the address may well exist.
    /// </summary>
    private static (bool Hard, string Reason) AfterData((bool Hard, string Reason) verdict, string context) =>
        verdict.Hard && RejectedAtData().IsMatch(context) && !RecipientStageFailure().IsMatch(context)
            ? (false, verdict.Reason + " in reply to DATA (a content filter)")
            : verdict;

    private static (bool, string)? Classify(string text)
    {
        if (SoftText().Match(text) is { Success: true } soft)
            return (false, $"\"{soft.Value.Trim()}\"");
        if (HardText().Match(text) is { Success: true } hard)
            return (true, $"\"{hard.Value.Trim()}\"");
        return null;
    }

    // 5.1.0 and 5.1.x other than these concern the sender (5.1.7, 5.1.8) or are used loosely for policy.
    [GeneratedRegex(@"^5\.(?:1\.(?:1|2|3|4|6|10)|4\.4)$", RegexOptions.CultureInvariant)]
    private static partial Regex HardStatus();

    [GeneratedRegex("""
        in\s+reply\s+to\s+(?:end\s+of\s+)?DATA\b | >>>\s*DATA\s*\n\s*<<<\s*5\d\d | smtp\s+command\W*\n\s*DATA\b
        | after\s+end\s+of\s+data
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RejectedAtData();

    [GeneratedRegex("""
        need\s+rcpt | rcpt\s+to:?\s+command\s+before | <<<\s*503\b | no\s+valid\s+recipients | in\s+reply\s+to\s+RCPT
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex RecipientStageFailure();

    [GeneratedRegex(@"^\s*4\d\d[\s-]", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryReply();

    /// <summary>
    /// Reasons that are not the address: full, disabled, blocked, spam, policy, size, rate, network. Checked first
    /// because servers often prefix them with a generic "recipient rejected" or a 5.1.1 code.
    /// </summary>
    [GeneratedRegex("""
        (?:mail\s*box|mailfolder|mail\s+folder|maildir|inbox|account|user|disk)(?:'s)?\s+(?:is\s+|has\s+)?(?:\w+\s+)?
            (?:full|over\s*quota|exceeded)
        | quota | over\s*quota | storage | disk\s+space | insufficient\s+(?:system\s+)?(?:storage|space) | too\s+much\s+mail
        | mailbox\s+size
        | disabled | suspended | inactive | deactivated | expired | locked | bloqu | frozen | no\s+longer\s+active | discontinued
        | spam | unsolicited | \bUBE\b | junk | blocked | block\s*list | black\s*list | blacklisted | \brbl\b | reputation
        | spamhaus | banned | content\s+rejected | (?:rejected|refused)\s+(?:due\s+to|for|because) | security\s+polic | polic(?:y|ies)
        | virus | malware
        | dmarc | \bspf\b | dkim | authenticat | not\s+allowed | denied | not\s+permitted
        | relay(?:ing)?\s+(?:access\s+)?(?:denied|not\s+permitted|prohibited) | unauthori[sz]ed
        | too\s+(?:large|big|long) | size\s+(?:limit|exceed) | exceeds?\s+(?:the\s+)?(?:maximum|size|limit) | message\s+size | sizelimit
        | rate\s*limit | too\s+many | frequency | try\s+(?:again\s+)?later | temporar | timed?\s*out | connection\s+(?:refused|failed|reset)
        | could\s+not\s+connect | did\s+not\s+accept\s+our\s+requests | unable\s+to\s+connect | no\s+route | loops?\s+back | mail\s+loop
        | looping
        | not\s+(?:rfc\s*\d*\s+)?compliant | 8-bit | syntax | service\s+(?:currently\s+)?unavailable | host\s+not\s+found,\s+try\s+again
        | moderat | (?:not\s+have|no)\s+permission | permission\s+to\s+post | not\s+a\s+member | non-member | command\s+died
        | command\s+output | mailer\s+error
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex SoftText();

    /// <summary>The address or its domain does not exist, or the mailbox moved.</summary>
    [GeneratedRegex("""
        user\s+unknown | unknown\s+(?:user|recipient|address|local\s+part|mailbox|account)
        | no\s+such\s+(?:user|mailbox|recipient|address|account|person|domain|local\s+user)
        | (?:does\s+not|doesn't|doesnt|did\s+not)\s+exist | doesn't\s+have\s+an?\s+[\w.-]+\s+account
        | not\s+a\s+(?:known|valid)\s+(?:user|recipient)
        | (?:user|recipient|mailbox|address|account)\s+(?:not|was\s+not)\s+found | not\s+found\s+by | recip(?:ient)?notfound
        | bad[\s_-]+(?:recipient|destination|address)
        | invalid\s+(?:recipient|mailbox|address|user|final\s+delivery|destination) | (?:recipient|address)\s+(?:rejected|unknown|invalid)
        | destinataire\s+invalide
        | no\s+mailbox | not\s+listed\s+in | not\s+recognized | is\s+not\s+recognised | no\s+longer\s+(?:on|at|with|valid|available)
        | has\s+moved | moved\s+permanently | not\s+our\s+customer | unknown\s+host | host\s+unknown | hostunknown
        | domain\s+(?:not\s+found|unknown|is\s+not\s+reachable)
        | name\s+service\s+error | name\s+or\s+service\s+not\s+known | host\s+or\s+domain\s+name\s+not\s+found | illegal\s+host
        | unrout(?:e)?able
        | does\s+not\s+like\s+recipient | no\s+valid\s+recipients? | check\s+(?:if|that|whether)\s+(?:the\s+)?address\s+is\s+correct
        | host\s+(?:\S+\s+)?not\s+found | dns\s+lookup\s+fail
        | null\s+mx | does\s+not\s+accept\s+mail | no\s+(?:mx|a)\s+record | nxdomain | non-?existent | not\s+exist | unknown\s+or\s+illegal
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex HardText();
}
