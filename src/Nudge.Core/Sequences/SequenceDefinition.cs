using System.Collections.Frozen;
using Nudge.Core.Schedule;

namespace Nudge.Core.Sequences;

/// <summary>A named series of steps, loaded from a sequence file, with its sending rules.</summary>
/// <param name="Name">Unique name; enrollments refer to it.</param>
/// <param name="Steps">The steps in order; at least one.</param>
public sealed record SequenceDefinition(string Name, IReadOnlyList<SequenceStep> Steps)
{
    /// <summary>The mailboxes it sends from: one, a pool (each contact sticks to one), or none to let the caller choose.</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];

    /// <summary>The zone for contacts without a <c>timezone</c> field, or <see langword="null"/> for the mailbox's.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>The send window of steps without one of their own, or <see langword="null"/> to send at any time.</summary>
    public SendWindowRule? Window { get; init; }

    /// <summary>Local dates that are not business days (and on which no window opens).</summary>
    public IReadOnlySet<DateOnly> Holidays { get; init; } = FrozenSet<DateOnly>.Empty;

    /// <summary>What stops or pauses an enrollment.</summary>
    public StopRules StopRules { get; init; } = StopRules.Default;

    /// <summary>What an <c>at</c> step without its own <c>if_past</c> does when its time has passed.</summary>
    /// <value>The default value is <see cref="PastDueAction.Send"/>.</value>
    public PastDueAction IfPast { get; init; } = PastDueAction.Send;

    /// <summary>Every contact field some step reads (templates, <c>when</c>, <c>at</c>), sorted, so <c>plan</c> can report missing ones.</summary>
    public IReadOnlySet<string> ContactFieldsUsed => new SortedSet<string>(Steps.SelectMany(s => s.ContactFieldsUsed), StringComparer.Ordinal);

    /// <summary>The step with this 1-based number, or <see langword="null"/> past the end.</summary>
    public SequenceStep? GetStep(int number) => number >= 1 && number <= Steps.Count ? Steps[number - 1] : null;
}
