namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>ListHistoryResponse</c>; <c>history</c> is omitted (null) when there are no changes.</summary>
internal sealed class ListHistoryResponse
{
    public List<HistoryResource>? History { get; set; }

    public string? NextPageToken { get; set; }

    public string? HistoryId { get; set; }
}
