namespace Nudge.Core.Quota;

/// <summary>
/// The daily sending limit over a rolling 24 hours (GMAIL-FACTS §3b: "applied over a rolling 24-hour period, not a
/// set time of day"): how many sends the window allows, and when a full window frees a place.
/// </summary>
public static class SendWindow
{
    /// <summary>Gmail's window.</summary>
    public static readonly TimeSpan Day = TimeSpan.FromHours(24);

    /// <summary>
    /// How many sends Nudge allows itself per window: the safety share of the limit, rounded down (36 of 40 at 90 %),
    /// so that the user's own sends that Nudge has not seen yet still fit.
    /// </summary>
    public static int Share(int dailyLimit, double safetyShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dailyLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(safetyShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(safetyShare, 1.0);

        // The epsilon keeps 0.9 × 40 = 35.99999… (binary fractions) from becoming 35.
        return (int)Math.Floor((dailyLimit * safetyShare) + 1e-9);
    }

    /// <summary>
    /// When a window that holds <paramref name="sendTimes"/> has room for one more send under <paramref name="share"/>:
    /// <see langword="null"/> when it has room now, else the moment enough of the oldest sends have left it.
    /// </summary>
    /// <param name="sendTimes">The sends still inside the window, oldest first.</param>
    /// <param name="share">How many sends the window may hold.</param>
    /// <param name="window">The window's length (24 hours plus the margin for clock and in-flight differences).</param>
    public static DateTimeOffset? FreesAt(IReadOnlyList<DateTimeOffset> sendTimes, int share, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(sendTimes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        if (sendTimes.Count < share)
        {
            return null;
        }

        // With n sends held and room for s, the n - s + 1 oldest must leave: the (n - s)-th (0-based) is the last to go.
        // A send at t counts while t >= now - window, so it is gone a millisecond after t + window.
        return sendTimes[sendTimes.Count - share] + window + TimeSpan.FromMilliseconds(1);
    }
}
