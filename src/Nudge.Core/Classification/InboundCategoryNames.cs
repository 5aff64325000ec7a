namespace Nudge.Core.Classification;

/// <summary>
/// The names of the categories in everything users and scripts read (<c>nudge classify --json</c>, the corpus labels,
/// the docs): snake_case, stable across versions.
/// </summary>
public static class InboundCategoryNames
{
    /// <summary>The category's name, e.g. <c>bounce_hard</c>.</summary>
    public static string Name(InboundCategory category) => category switch
    {
        InboundCategory.HumanReply => "human_reply",
        InboundCategory.AutoReply => "auto_reply",
        InboundCategory.BounceHard => "bounce_hard",
        InboundCategory.BounceSoft => "bounce_soft",
        InboundCategory.UnsubscribeRequest => "unsubscribe_request",
        InboundCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
