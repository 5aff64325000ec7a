namespace Nudge.Core.Quota;

/// <summary>The governor's answer: go now, or not before <see cref="NotBefore"/> because of <see cref="Limit"/>.</summary>
public readonly record struct QuotaDecision(bool IsAllowed, DateTimeOffset NotBefore, QuotaLimit Limit)
{
    public static QuotaDecision Allowed { get; } = new(true, default, QuotaLimit.None);

    public static QuotaDecision Deny(DateTimeOffset notBefore, QuotaLimit limit) => new(false, notBefore, limit);
}
