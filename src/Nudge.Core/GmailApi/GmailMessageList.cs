namespace Nudge.Core.GmailApi;

/// <summary>One page of <c>messages.list</c>; Gmail omits <c>messages</c> when there are none.</summary>
public sealed record GmailMessageList(IReadOnlyList<GmailMessage>? Messages, string? NextPageToken, int ResultSizeEstimate);
