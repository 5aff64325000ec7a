namespace Nudge.Core.Sequences;

/// <summary>A named series of steps, loaded from a sequence file.</summary>
/// <param name="Name">Unique name; enrollments refer to it.</param>
/// <param name="Steps">The steps in order; at least one.</param>
public sealed record SequenceDefinition(string Name, IReadOnlyList<SequenceStep> Steps)
{
    /// <summary>The step with this 1-based number, or <see langword="null"/> past the end.</summary>
    public SequenceStep? GetStep(int number) => number >= 1 && number <= Steps.Count ? Steps[number - 1] : null;
}
