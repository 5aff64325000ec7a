using System.Globalization;

namespace Nudge.Sandbox;

/// <summary>
/// Faults the sandbox injects into Gmail API calls, to exercise a client's retries and its handling of ambiguous
/// sends. Parsed from a spec string by <see cref="Parse"/>; <see cref="ToString"/> gives the canonical spec back.
/// </summary>
/// <remarks>
/// <para>Spec grammar (items separated by commas, whitespace around items ignored, each key at most once):</para>
/// <code>
/// spec     := "" | item { "," item }
/// item     := "error=" fraction             a fraction of calls fail with 500 "Backend Error" or 503 "The service is
///                                           currently unavailable." (backendError, half each), before doing anything
///           | "latency=" duration           added to every call (Task.Delay on the sandbox's TimeProvider)
///           | "burst429=" count "/" duration  in every window of that length, the first count calls get 429
///                                           rateLimitExceeded
///           | "drop-after-send=" fraction   a fraction of messages.send calls are accepted and stored, then the
///                                           connection is aborted before any response is written
///           | "seed=" integer               seed of the random choices, for reproducible runs (default: random)
/// fraction := a decimal from 0 to 1 ("0.05") or a percentage ("5%")
/// duration := a number and a unit: ms, s or m ("200ms", "1.5s", "2m")
/// </code>
/// <para>Example: <c>error=0.05,latency=200ms,burst429=10/60s,drop-after-send=0.02,seed=42</c>.</para>
/// <para>Faults apply after authentication, scope and quota checks, so a faulted call is still charged its units.</para>
/// </remarks>
public sealed class SandboxFaults
{
    /// <summary>Gets the fraction of calls that fail with 500 or 503 <c>backendError</c>.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Gets the latency added to every call.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Gets how many calls of each <see cref="BurstPeriod"/> get 429; 0 for none.</summary>
    public int BurstCalls { get; init; }

    /// <summary>Gets the length of a 429 burst window.</summary>
    public TimeSpan BurstPeriod { get; init; }

    /// <summary>Gets the fraction of <c>messages.send</c> calls whose connection is dropped after the message is stored.</summary>
    public double DropAfterSendRate { get; init; }

    /// <summary>Gets the seed of the random choices, or <see langword="null"/> for a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Gets whether no fault is configured.</summary>
    public bool IsEmpty => ErrorRate == 0 && Latency == TimeSpan.Zero && BurstCalls == 0 && DropAfterSendRate == 0;

    /// <summary>Parses a fault spec; see the remarks of <see cref="SandboxFaults"/> for the grammar.</summary>
    /// <param name="spec">The spec; empty or whitespace means no faults.</param>
    /// <returns>The faults.</returns>
    /// <exception cref="FormatException">An item is malformed, unknown or repeated; the message names it.</exception>
    public static SandboxFaults Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double error = 0, drop = 0;
        TimeSpan latency = TimeSpan.Zero, burstPeriod = TimeSpan.Zero;
        var burstCalls = 0;
        int? seed = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rawItem in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            if (rawItem.Length == 0)
            {
                if (spec.Trim().Length == 0)
                {
                    continue;
                }

                throw new FormatException($"Invalid fault spec '{spec}': empty item.");
            }

            var equals = rawItem.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Bad(rawItem, "expected key=value");
            }

            var key = rawItem[..equals].Trim().ToLowerInvariant();
            var value = rawItem[(equals + 1)..].Trim();
            if (!seen.Add(key))
            {
                throw Bad(rawItem, "the key is repeated");
            }

            switch (key)
            {
                case "error":
                    error = ParseFraction(rawItem, value);
                    break;
                case "latency":
                    latency = ParseDuration(rawItem, value);
                    break;
                case "burst429":
                    var slash = value.IndexOf('/', StringComparison.Ordinal);
                    if (slash <= 0
                        || !int.TryParse(value[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out burstCalls))
                    {
                        throw Bad(rawItem, "expected COUNT/DURATION, e.g. 10/60s");
                    }

                    burstPeriod = ParseDuration(rawItem, value[(slash + 1)..]);
                    if (burstPeriod <= TimeSpan.Zero)
                    {
                        throw Bad(rawItem, "the period must be positive");
                    }

                    break;
                case "drop-after-send":
                    drop = ParseFraction(rawItem, value);
                    break;
                case "seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    {
                        throw Bad(rawItem, "expected an integer");
                    }

                    seed = parsed;
                    break;
                default:
                    throw Bad(rawItem, "unknown key; expected error, latency, burst429, drop-after-send or seed");
            }
        }

        return new SandboxFaults
        {
            ErrorRate = error,
            Latency = latency,
            BurstCalls = burstCalls,
            BurstPeriod = burstPeriod,
            DropAfterSendRate = drop,
            Seed = seed,
        };
    }

    /// <summary>Gets the canonical spec, which <see cref="Parse"/> reads back to equal faults.</summary>
    /// <returns>The spec; empty when there are no faults and no seed.</returns>
    public override string ToString()
    {
        var items = new List<string>();
        if (ErrorRate > 0)
        {
            items.Add("error=" + ErrorRate.ToString("R", CultureInfo.InvariantCulture));
        }

        if (Latency > TimeSpan.Zero)
        {
            items.Add("latency=" + FormatDuration(Latency));
        }

        if (BurstCalls > 0)
        {
            items.Add(string.Create(CultureInfo.InvariantCulture, $"burst429={BurstCalls}/{FormatDuration(BurstPeriod)}"));
        }

        if (DropAfterSendRate > 0)
        {
            items.Add("drop-after-send=" + DropAfterSendRate.ToString("R", CultureInfo.InvariantCulture));
        }

        if (Seed is { } seed)
        {
            items.Add("seed=" + seed.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(',', items);
    }

    private static double ParseFraction(string item, string value)
    {
        var percent = value.EndsWith('%');
        var number = percent ? value[..^1] : value;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction))
        {
            throw Bad(item, "expected a fraction such as 0.05 or 5%");
        }

        fraction = percent ? fraction / 100 : fraction;
        return fraction is >= 0 and <= 1 ? fraction : throw Bad(item, "the fraction must be between 0 and 1");
    }

    private static TimeSpan ParseDuration(string item, string value)
    {
        var (number, scale) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (value[..^2], 1.0),
            _ when value.EndsWith('s') || value.EndsWith('S') => (value[..^1], 1_000.0),
            _ when value.EndsWith('m') || value.EndsWith('M') => (value[..^1], 60_000.0),
            _ => ("", 0.0),
        };
        if (scale == 0
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw Bad(item, "expected a duration such as 200ms, 1.5s or 2m");
        }

        return TimeSpan.FromMilliseconds(amount * scale);
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms";

    private static FormatException Bad(string item, string why) => new($"Invalid fault item '{item}': {why}.");
}
