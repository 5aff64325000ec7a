using Microsoft.AspNetCore.Http;
using Nudge.Sandbox.Model;
using Nudge.Sandbox.Search;

namespace Nudge.Sandbox.Api;

/// <summary>
/// What <c>messages.list</c> and <c>threads.list</c> select by: <c>q</c>, <c>labelIds</c> (all must match),
/// <c>includeSpamTrash</c> (also implied when <c>q</c> names spam or trash) and the page size.
/// </summary>
internal sealed class ListFilter
{
    private readonly GmailQuery _query;
    private readonly IReadOnlyList<string> _labelIds;
    private readonly bool _includeSpamTrash;

    private ListFilter(GmailQuery query, IReadOnlyList<string> labelIds, bool includeSpamTrash, int maxResults)
    {
        _query = query;
        _labelIds = labelIds;
        _includeSpamTrash = includeSpamTrash;
        MaxResults = maxResults;
    }

    public int MaxResults { get; }

    /// <summary>Reads the filter from the request, or the 400 Gmail answers for a bad <c>maxResults</c>.</summary>
    public static bool TryRead(HttpContext http, SandboxState state, out ListFilter filter, out IResult? error)
    {
        filter = null!;
        if (http.MaxResults() is not { } maxResults)
        {
            error = Errors.GoogleErrors.InvalidArgument("Invalid value for maxResults: " + http.Query("maxResults"));
            return false;
        }

        var mailbox = http.Mailbox();
        var query = GmailQuery.Parse(http.Query("q"), state.Time.GetUtcNow(), mailbox.Email, mailbox.FindUserLabel);
        filter = new ListFilter(query, http.QueryAll("labelIds"), http.Flag("includeSpamTrash") || query.MentionsSpamOrTrash, maxResults);
        error = null;
        return true;
    }

    public bool Matches(StoredMessage message) =>
        (_includeSpamTrash || !(message.LabelIds.Contains(SystemLabels.Spam) || message.LabelIds.Contains(SystemLabels.Trash)))
        && _labelIds.All(message.LabelIds.Contains)
        && _query.Matches(message);
}
