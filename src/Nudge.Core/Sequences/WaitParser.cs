using Nudge.Core.Schedule;

namespace Nudge.Core.Sequences;

/// <summary>Parses fixed step waits such as <c>3 days</c>, <c>2h</c>, <c>30 minutes</c>, <c>10 seconds</c> or <c>0</c>.</summary>
public static class WaitParser
{
    /// <summary>
    /// Parses a wait as a duration (days as 24 h); returns <see langword="false"/> for anything it does not understand
    /// and for business days, which are no fixed duration (see <see cref="StepDelay.TryParse"/>).
    /// </summary>
    public static bool TryParse(string text, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (!StepDelay.TryParse(text, out var delay) || delay.NominalDuration is not { } duration)
        {
            return false;
        }

        wait = duration;
        return true;
    }
}
