using Nudge.Core.Schedule;
using Nudge.Core.Templates;

namespace Nudge.Core.Sequences;

/// <summary>One step of a sequence.</summary>
public sealed record SequenceStep
{
    /// <summary>A plain step due a fixed time after the previous one.</summary>
    /// <param name="number">1-based position.</param>
    /// <param name="template">What to send.</param>
    /// <param name="wait">How long after the previous step (or after enrollment, for step 1) it is due.</param>
    /// <param name="thread">Whether it replies in the thread or starts a new one.</param>
    public SequenceStep(int number, MessageTemplate template, TimeSpan wait, ThreadMode thread)
        : this(number, template, FromTimeSpan(wait), thread)
    {
    }

    /// <summary>A step with any of the sequence file's options.</summary>
    /// <param name="number">1-based position.</param>
    /// <param name="template">What to send.</param>
    /// <param name="delay">How long after the previous step it is due; ignored when <paramref name="anchor"/> is set.</param>
    /// <param name="thread">Whether it replies in the thread or starts a new one.</param>
    /// <param name="anchor">For an <c>at</c> step, the contact field and offset it is due at.</param>
    /// <param name="window">The step's own send window, overriding the sequence's.</param>
    /// <param name="condition">The step's <c>when</c>; without one the step is always sent.</param>
    /// <param name="ifPast">For an <c>at</c> step, what to do when its time has passed, overriding the sequence's.</param>
    public SequenceStep(int number, MessageTemplate template, StepDelay delay, ThreadMode thread = ThreadMode.Reply, StepAnchor? anchor = null,
        SendWindowRule? window = null, StepCondition? condition = null, PastDueAction? ifPast = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        Number = number;
        Template = template;
        Delay = anchor is null ? delay : StepDelay.Zero;
        Thread = thread;
        Anchor = anchor;
        Window = window;
        Condition = condition;
        IfPast = ifPast;

        var used = new SortedSet<string>(template.RequiredFields, StringComparer.Ordinal);
        used.UnionWith(condition?.Fields ?? new HashSet<string>());
        if (anchor is not null)
        {
            used.Add(anchor.Field);
        }

        ContactFieldsUsed = used;
    }

    /// <summary>1-based position.</summary>
    public int Number { get; }

    /// <summary>What to send.</summary>
    public MessageTemplate Template { get; }

    /// <summary>How long after the previous step (or after enrollment) it is due, for a <c>wait</c> step.</summary>
    public StepDelay Delay { get; }

    /// <summary>
    /// The plain wait as a duration: <see cref="Delay"/> with days as 24 h. <see cref="TimeSpan.Zero"/> for a
    /// business-day or <c>at</c> step, whose time only <see cref="StepScheduler"/> knows.
    /// </summary>
    public TimeSpan Wait => Anchor is null ? Delay.NominalDuration ?? TimeSpan.Zero : TimeSpan.Zero;

    /// <summary>Whether it replies in the thread or starts a new one.</summary>
    public ThreadMode Thread { get; }

    /// <summary>For an <c>at</c> step, the contact field and offset it is due at; else <see langword="null"/>.</summary>
    public StepAnchor? Anchor { get; }

    /// <summary>The step's own send window, or <see langword="null"/> to use the sequence's.</summary>
    public SendWindowRule? Window { get; }

    /// <summary>The step's <c>when</c>, or <see langword="null"/> when it is always sent.</summary>
    public StepCondition? Condition { get; }

    /// <summary>For an <c>at</c> step, what to do when its time has passed, or <see langword="null"/> to use the sequence's.</summary>
    public PastDueAction? IfPast { get; }

    /// <summary>
    /// Every contact field the step reads: those its template cannot render without, its <c>when</c>'s and its
    /// <c>at</c>'s. Sorted.
    /// </summary>
    public IReadOnlySet<string> ContactFieldsUsed { get; }

    private static StepDelay FromTimeSpan(TimeSpan wait)
    {
        // Keep the largest unit that divides the wait, so that it reads back as written ("3 days", not "259200 seconds").
        if (wait.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return new StepDelay(checked((int)(wait.Ticks / TimeSpan.TicksPerDay)), DelayUnit.Days);
        }

        if (wait.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return new StepDelay(checked((int)(wait.Ticks / TimeSpan.TicksPerHour)), DelayUnit.Hours);
        }

        return wait.Ticks % TimeSpan.TicksPerMinute == 0
            ? new StepDelay(checked((int)(wait.Ticks / TimeSpan.TicksPerMinute)), DelayUnit.Minutes)
            : new StepDelay(checked((int)(wait.Ticks / TimeSpan.TicksPerSecond)), DelayUnit.Seconds);
    }
}
