namespace Nudge.Sandbox.Quota;

/// <summary>
/// One mailbox's usage: quota units over a sliding minute, and sent messages over a rolling 24 hours (Google: "Limits
/// per day are applied over a rolling 24-hour period, not a set time of day"). Thread-safe.
/// </summary>
internal sealed class UserQuota
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset Time, int Units)> _units = new();
    private readonly List<DateTimeOffset> _sends = [];
    private int _unitsInWindow;

    /// <summary>Charges <paramref name="units"/> unless that would take the last minute over <paramref name="limit"/>.</summary>
    /// <returns>Whether the call was charged; a refused call costs nothing.</returns>
    public bool TryCharge(DateTimeOffset now, int units, int limit)
    {
        lock (_gate)
        {
            while (_units.Count > 0 && _units.Peek().Time <= now - Minute)
            {
                _unitsInWindow -= _units.Dequeue().Units;
            }

            if (_unitsInWindow + units > limit)
            {
                return false;
            }

            _units.Enqueue((now, units));
            _unitsInWindow += units;
            return true;
        }
    }

    /// <summary>
    /// Reserves one send in the rolling 24 hours, or says when the oldest send leaves the window. The reservation is
    /// taken before the send runs so that parallel sends cannot overshoot; <see cref="Release"/> gives it back.
    /// </summary>
    public bool TryReserveSend(DateTimeOffset now, int limit, out DateTimeOffset retryAfter)
    {
        lock (_gate)
        {
            _sends.RemoveAll(t => t <= now - Day);
            if (_sends.Count >= limit)
            {
                retryAfter = _sends.Min() + Day;
                return false;
            }

            _sends.Add(now);
            retryAfter = default;
            return true;
        }
    }

    /// <summary>Counts sends made before this counter existed (read from the mailbox), those still inside the window.</summary>
    public void SeedSends(IEnumerable<DateTimeOffset> sentAt, DateTimeOffset now)
    {
        lock (_gate)
        {
            _sends.AddRange(sentAt.Where(t => t > now - Day));
        }
    }

    public void Release(DateTimeOffset reservedAt)
    {
        lock (_gate)
        {
            _sends.Remove(reservedAt);
        }
    }
}
