namespace Nudge.Core.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with jitter. The first retry waits
/// <see cref="FirstDelay"/>, each next one twice as long, never more than <see cref="MaxDelay"/>; each wait is moved by up
/// to ±<see cref="Jitter"/> of itself, so that deliveries that failed together (a receiver down) do not all come back
/// in the same second. After <see cref="MaxAttempts"/> attempts the delivery is given up.
/// </summary>
/// <param name="FirstDelay">The wait after the first failed attempt.</param>
/// <param name="MaxDelay">The longest wait.</param>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="Jitter">The share of a wait it may move by, 0 to 1.</param>
public sealed record WebhookBackoff(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxAttempts, double Jitter)
{
    /// <summary>30 seconds doubling up to 6 hours, ±20 %, 10 attempts: about four hours and a quarter from the first to the last.</summary>
    public static WebhookBackoff Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(6), 10, 0.2);

    /// <summary>
    /// The wait after attempt <paramref name="attempt"/> (1-based) failed, or <see langword="null"/> when it was the last
    /// one allowed.
    /// </summary>
    /// <param name="attempt">The attempt that failed: 1 for the first POST.</param>
    /// <param name="random">A number in [0, 1) that places the wait within its jitter.</param>
    public TimeSpan? DelayAfter(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        // 2^(attempt-1) overflows nothing: the exponent is capped well before a double loses the plot.
        var nominal = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 40));
        var capped = Math.Min(nominal, MaxDelay.TotalMilliseconds);
        var factor = 1 + (Jitter * ((2 * Math.Clamp(random, 0, 1)) - 1));
        return TimeSpan.FromMilliseconds(Math.Ceiling(Math.Min(capped * factor, MaxDelay.TotalMilliseconds)));
    }
}
