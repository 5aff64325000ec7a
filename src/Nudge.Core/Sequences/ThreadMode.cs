namespace Nudge.Core.Sequences;

/// <summary>Where a step's message goes.</summary>
public enum ThreadMode
{
    /// <summary>In the thread of the previous step, as a reply (the default).</summary>
    Reply = 0,

    /// <summary>A new thread with the step's own subject.</summary>
    New = 1,
}
