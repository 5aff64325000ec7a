namespace Nudge.Core.Sequences;

/// <summary>What happens to an <c>at</c> step whose time has already passed (<c>if_past</c>).</summary>
public enum PastDueAction
{
    /// <summary>Send it at once, inside the send window (the default).</summary>
    Send = 0,

    /// <summary>Skip it and go on with the next step.</summary>
    Skip = 1,
}
