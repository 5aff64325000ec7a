using System.Diagnostics.CodeAnalysis;

namespace Nudge.Core.Schedule;

/// <summary>
/// The outcome of scheduling: the next step and when it is due, or that the sequence is complete, or a problem with the
/// contact's data. A problem is an expected outcome (a spreadsheet column left empty), so it is a result, not an exception.
/// </summary>
public sealed record ScheduleResult
{
    private ScheduleResult(ScheduleOutcome outcome, int? stepNumber, DateTimeOffset? due, IReadOnlyList<SkippedStep> skipped, string? problem)
    {
        Outcome = outcome;
        StepNumber = stepNumber;
        Due = due;
        Skipped = skipped;
        Problem = problem;
    }

    /// <summary>What was found.</summary>
    public ScheduleOutcome Outcome { get; }

    /// <summary>The step that is due (<see cref="ScheduleOutcome.Scheduled"/>), or that has the problem, when it is one step's.</summary>
    public int? StepNumber { get; }

    /// <summary>When the step is due, UTC; set when <see cref="IsScheduled"/>.</summary>
    public DateTimeOffset? Due { get; }

    /// <summary>Steps passed over on the way, in order.</summary>
    public IReadOnlyList<SkippedStep> Skipped { get; }

    /// <summary>What is wrong, naming the field and its value; set for <see cref="ScheduleOutcome.Problem"/>.</summary>
    public string? Problem { get; }

    /// <summary>Whether a step is due.</summary>
    [MemberNotNullWhen(true, nameof(StepNumber), nameof(Due))]
    public bool IsScheduled => Outcome == ScheduleOutcome.Scheduled;

    /// <summary>A step is due.</summary>
    public static ScheduleResult Scheduled(int stepNumber, DateTimeOffset due, IReadOnlyList<SkippedStep> skipped) =>
        new(ScheduleOutcome.Scheduled, stepNumber, due.ToUniversalTime(), skipped, null);

    /// <summary>No step is left.</summary>
    public static ScheduleResult Completed(IReadOnlyList<SkippedStep> skipped) => new(ScheduleOutcome.Completed, null, null, skipped, null);

    /// <summary>The contact's data does not allow scheduling; <paramref name="stepNumber"/> when one step's data is at fault.</summary>
    public static ScheduleResult Failed(string problem, int? stepNumber, IReadOnlyList<SkippedStep> skipped) =>
        new(ScheduleOutcome.Problem, stepNumber, null, skipped, problem);
}
