namespace Nudge.Core.Rules;

/// <summary>Whether a rule answers at a given time: its <see cref="InboundRule.Hours"/> against its window.</summary>
public static class RuleSchedule
{
    /// <summary>
    /// Whether <paramref name="rule"/> answers mail that arrived at <paramref name="receivedAt"/>: always, only inside its
    /// window, or only outside it, in the rule's zone.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rule keeps business hours but has no window or zone.</exception>
    public static bool Allows(InboundRule rule, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Hours switch
        {
            RuleHours.Always => true,
            RuleHours.Business => IsInside(rule, receivedAt),
            RuleHours.Outside => !IsInside(rule, receivedAt),
            _ => throw new InvalidOperationException($"rule '{rule.Name}': unknown hours {rule.Hours}"),
        };
    }

    private static bool IsInside(InboundRule rule, DateTimeOffset receivedAt) =>
        rule is { Window: { } window, TimeZone: { } zone }
            ? window.Contains(receivedAt, zone)
            : throw new InvalidOperationException($"rule '{rule.Name}' answers by hours ({rule.Hours}) but has no window and time zone");
}
