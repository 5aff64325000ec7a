using Nudge.Core.Schedule;

namespace Nudge.Core.Sequences;

/// <summary>What stops (or pauses) an enrollment: the <c>stop:</c> section of a sequence file. Defaults are the file's defaults.</summary>
public sealed record StopRules
{
    /// <summary>The rules when a file says nothing.</summary>
    public static StopRules Default { get; } = new();

    /// <summary>Stop when the contact replies.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool OnReply { get; init; } = true;

    /// <summary>Stop when a teammate replies in the thread.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool OnTeammateReply { get; init; } = true;

    /// <summary>Stop, and suppress the address, when a message bounces.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool OnBounce { get; init; } = true;

    /// <summary>Stop, and suppress the address, when the contact unsubscribes.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool OnUnsubscribe { get; init; } = true;

    /// <summary>What an out-of-office auto-reply does.</summary>
    /// <value>The default value is <see cref="OutOfOfficeAction.Delay"/>.</value>
    public OutOfOfficeAction OutOfOffice { get; init; } = OutOfOfficeAction.Delay;

    /// <summary>How long to wait after an out-of-office reply that states no return date.</summary>
    /// <value>The default value is 3 business days.</value>
    public StepDelay OooDelay { get; init; } = new(3, DelayUnit.BusinessDays);
}
