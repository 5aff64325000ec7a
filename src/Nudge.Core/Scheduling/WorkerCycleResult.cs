namespace Nudge.Core.Scheduling;

/// <summary>What one worker cycle did.</summary>
/// <param name="Sent">Steps sent.</param>
/// <param name="Failed">Steps that could not be sent (their enrollments are stopped with the reason).</param>
/// <param name="Stopped">Enrollments stopped by a reply seen in the mailboxes.</param>
public sealed record WorkerCycleResult(int Sent, int Failed, int Stopped);
