namespace Nudge.Core.GmailApi;

/// <summary>One page of <c>drafts.list</c>; Gmail omits <c>drafts</c> when there are none.</summary>
/// <param name="Drafts">The drafts, each with the message's id and thread only.</param>
/// <param name="NextPageToken">Set when more pages follow.</param>
/// <param name="ResultSizeEstimate">Gmail's estimate of the total.</param>
public sealed record GmailDraftList(IReadOnlyList<GmailDraft>? Drafts, string? NextPageToken, int ResultSizeEstimate);
