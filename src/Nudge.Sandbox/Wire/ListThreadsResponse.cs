namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ListThreadsResponse</c>; <c>threads</c> is omitted (null) when empty.</summary>
internal sealed class ListThreadsResponse
{
    public List<ThreadResource>? Threads { get; set; }

    public string? NextPageToken { get; set; }

    public int ResultSizeEstimate { get; set; }
}
