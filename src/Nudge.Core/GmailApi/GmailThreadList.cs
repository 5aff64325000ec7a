namespace Nudge.Core.GmailApi;

/// <summary>One page of <c>threads.list</c>; Gmail omits <c>threads</c> when there are none.</summary>
/// <param name="Threads">The threads, each with id, snippet and history id only.</param>
/// <param name="NextPageToken">Set when more pages follow.</param>
/// <param name="ResultSizeEstimate">Gmail's estimate of the total.</param>
public sealed record GmailThreadList(IReadOnlyList<GmailThread>? Threads, string? NextPageToken, int ResultSizeEstimate);
