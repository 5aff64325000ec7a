namespace Nudge.Core.Unsubscribe;

/// <summary>What <see cref="Unsubscriber.UnsubscribeAsync"/> did.</summary>
/// <param name="Status">Unsubscribed now, already unsubscribed, or no such enrollment.</param>
/// <param name="Address">The contact's address, to show on the confirmation page; <see langword="null"/> when not found.</param>
/// <param name="StoppedEnrollmentIds">The enrollments this request stopped (none when they had already ended).</param>
public sealed record UnsubscribeOutcome(UnsubscribeStatus Status, string? Address, IReadOnlyList<long> StoppedEnrollmentIds)
{
    /// <summary>The outcome for a token whose enrollment no longer exists.</summary>
    public static UnsubscribeOutcome NotFound { get; } = new(UnsubscribeStatus.NotFound, null, []);
}
