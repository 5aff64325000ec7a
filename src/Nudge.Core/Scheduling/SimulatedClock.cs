namespace Nudge.Core.Scheduling;

/// <summary>
/// A clock that stands still until told to jump, so that a rehearsal (<c>nudge demo</c>) runs days of a sequence in
/// seconds: the driver jumps from one due time to the next. Time never goes backwards.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now;

    public SimulatedClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock to <paramref name="instant"/>, or leaves it where it is if that is in the past.</summary>
    public void JumpTo(DateTimeOffset instant)
    {
        lock (_gate)
        {
            if (instant > _now)
            {
                _now = instant.ToUniversalTime();
            }
        }
    }
}
