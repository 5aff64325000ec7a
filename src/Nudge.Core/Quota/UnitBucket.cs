namespace Nudge.Core.Quota;

/// <summary>
/// The token bucket that keeps one mailbox's API calls within Gmail's per-user per-minute quota <c>L</c>.
/// </summary>
/// <remarks>
/// <para>
/// Gmail counts units over a sliding minute. A bucket of capacity <c>C</c> refilled at <c>r</c> units a second lets
/// through at most <c>C + 60·r</c> units in any 60-second window: the bucket may be full at the window's start, and
/// every unit refilled during it may be spent. With <c>C = 0.2·L</c> and <c>r = 0.8·L/60</c> that is exactly
/// <c>L</c>, so no window can exceed the quota however the calls bunch up, while a burst of a fifth of the minute's
/// units (12 sends at 6,000/min) still goes out at once and the steady rate is 80 % of the quota.
/// </para>
/// <para>
/// The state (tokens and when they were counted) lives on the mailbox row, so that every worker draws from one bucket;
/// the store's <c>TakeUnits</c> query applies the same arithmetic as <see cref="Available"/> in one statement.
/// A mailbox never charged has a full bucket.
/// </para>
/// </remarks>
/// <param name="Capacity">The most units the bucket holds.</param>
/// <param name="RefillPerSecond">How many units come back each second.</param>
public sealed record UnitBucket(double Capacity, double RefillPerSecond)
{
    /// <summary>The share of the per-minute quota the bucket holds; the rest is the refill over one minute.</summary>
    public const double BurstShare = 0.2;

    /// <summary>The bucket for a per-user quota of <paramref name="unitsPerMinute"/>.</summary>
    public static UnitBucket ForLimit(int unitsPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unitsPerMinute);
        return new UnitBucket(BurstShare * unitsPerMinute, (1 - BurstShare) * unitsPerMinute / 60.0);
    }

    /// <summary>The bucket for a regime's per-user quota.</summary>
    public static UnitBucket For(GmailQuotaRegime regime) => ForLimit(GmailQuotaCosts.UnitsPerMinute(regime));

    /// <summary>Refill per millisecond, as the store's query takes it (instants are stored in milliseconds).</summary>
    public double RefillPerMillisecond => RefillPerSecond / 1000.0;

    /// <summary>
    /// The units available at <paramref name="now"/> given the stored state; a bucket never charged
    /// (<paramref name="tokens"/> is <see langword="null"/>) is full. Negative when the bucket is in debt.
    /// </summary>
    public double Available(double? tokens, DateTimeOffset? countedAt, DateTimeOffset now)
    {
        if (tokens is not { } held || countedAt is not { } at)
        {
            return Capacity;
        }

        // A worker whose clock is behind the last writer's refills nothing rather than a negative amount.
        var elapsedMs = Math.Max(0, now.ToUnixTimeMilliseconds() - at.ToUnixTimeMilliseconds());
        return Math.Min(Capacity, held + (elapsedMs * RefillPerMillisecond));
    }

    /// <summary>How long until <paramref name="units"/> are available when <paramref name="available"/> are now.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More units than the bucket can ever hold.</exception>
    public TimeSpan TimeUntil(double available, double units)
    {
        if (units > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, $"a call of {units} units never fits a bucket of {Capacity}");
        }

        if (available >= units)
        {
            return TimeSpan.Zero;
        }

        // Whole milliseconds, rounded up: the store counts milliseconds, and a time a fraction early would find the
        // units still missing.
        return TimeSpan.FromMilliseconds(Math.Ceiling((units - available) / RefillPerMillisecond));
    }
}
