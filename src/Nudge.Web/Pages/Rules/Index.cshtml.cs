using Microsoft.AspNetCore.Mvc.RazorPages;
using Nudge.Core.Abstractions;
using Nudge.Core.Replies;
using Nudge.Core.Rules;
using Nudge.Web.Dashboard;

namespace Nudge.Web.Pages.Rules;

/// <summary>
/// <c>/rules</c>: the inbound rules the worker applies, and what they did with the latest inbound mail: answered, or
/// not and why (the loop guard, once per thread, once per sender, the hours). Read-only: rules are files.
/// </summary>
public sealed class IndexModel : PageModel
{
    private const int RecentReplies = 100;
    private readonly IEngineStore _store;
    private readonly DashboardOptions _options;

    /// <summary>Creates the page.</summary>
    public IndexModel(IEngineStore store, DashboardOptions options)
    {
        _store = store;
        _options = options;
    }

    /// <summary>The rules loaded in this process.</summary>
    public IReadOnlyList<InboundRule> Rules => _options.Rules;

    /// <summary>The latest decisions, newest first.</summary>
    public IReadOnlyList<RuleReply> Replies { get; private set; } = [];

    /// <summary>The mailboxes by id, for the replies' mailbox column.</summary>
    public IReadOnlyDictionary<long, string> Mailboxes { get; private set; } = new Dictionary<long, string>();

    /// <summary>Reads the replies.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Replies = await _store.ListRuleRepliesAsync(RecentReplies, cancellationToken);
        Mailboxes = (await _store.ListMailboxesAsync(cancellationToken)).ToDictionary(m => m.Id, m => m.Email);
    }

    /// <summary>A state's name as the page shows it.</summary>
    public static string StateName(RuleReplyState state) => state switch
    {
        RuleReplyState.Pending => "pending",
        RuleReplyState.Sending => "sending",
        RuleReplyState.Sent => "sent",
        RuleReplyState.Failed => "failed",
        RuleReplyState.Ambiguous => "ambiguous",
        RuleReplyState.Skipped => "not answered",
        _ => state.ToString(),
    };

    /// <summary>What a rule matches, in one line.</summary>
    public static string Describe(RuleMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var parts = new List<string>();
        if (match.To.Count > 0)
        {
            parts.Add("to " + string.Join(" or ", match.To));
        }

        if (match.From.Count > 0)
        {
            parts.Add("from " + string.Join(" or ", match.From));
        }

        if (match.Subject is { } subject)
        {
            parts.Add($"subject /{subject}/");
        }

        parts.AddRange(match.Headers.Select(h => $"{h.Key}: {string.Join(" or ", h.Value)}"));
        if (match.Query is { } query)
        {
            parts.Add($"Gmail query \"{query}\"");
        }

        return string.Join("; ", parts);
    }
}
