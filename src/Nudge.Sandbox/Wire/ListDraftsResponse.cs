namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ListDraftsResponse</c>; <c>drafts</c> is omitted (null) when empty.</summary>
internal sealed class ListDraftsResponse
{
    public List<DraftResource>? Drafts { get; set; }

    public string? NextPageToken { get; set; }

    public int ResultSizeEstimate { get; set; }
}
