namespace Nudge.Core.Sequences;

/// <summary>What an out-of-office auto-reply does to an enrollment (<c>stop.out_of_office</c>).</summary>
public enum OutOfOfficeAction
{
    /// <summary>Wait until the stated return date, or <see cref="StopRules.OooDelay"/> when none is stated (the default).</summary>
    Delay = 0,

    /// <summary>Carry on as if nothing came back.</summary>
    Ignore = 1,

    /// <summary>Stop the enrollment, as a reply would.</summary>
    Stop = 2,
}
