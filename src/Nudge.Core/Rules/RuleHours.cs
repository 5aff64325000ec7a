namespace Nudge.Core.Rules;

/// <summary>When an inbound rule answers, relative to its <see cref="InboundRule.Window"/>: the <c>hours:</c> of a rule file.</summary>
public enum RuleHours
{
    /// <summary>Whenever mail arrives.</summary>
    Always,

    /// <summary>Only for mail that arrives inside the window, in the rule's zone.</summary>
    Business,

    /// <summary>Only for mail that arrives outside the window, in the rule's zone ("we are closed, back on Monday").</summary>
    Outside,
}
