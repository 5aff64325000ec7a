using Google.Apis.Util;

namespace Nudge.Gmail.Auth;

/// <summary>Google.Apis' clock on the engine's <see cref="TimeProvider"/>, so that a simulated clock also ages tokens.</summary>
public sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public DateTime Now => timeProvider.GetLocalNow().DateTime;

    public DateTime UtcNow => timeProvider.GetUtcNow().UtcDateTime;
}
