using System.ComponentModel.DataAnnotations;

namespace Nudge.Core.Scheduling;

/// <summary>Options of the <see cref="SequenceWorker"/>.</summary>
public sealed class WorkerOptions
{
    /// <summary>How many due steps one cycle claims at most.</summary>
    /// <value>The default value is 100.</value>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claimed step stays invisible to other workers. Long enough for one send; a worker that dies holding a
    /// claim releases it when the lease runs out.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the loop waits between cycles when nothing is due.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
