using System.Net;

namespace Nudge.Web.Dashboard;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed sign-ins within <see cref="Window"/>, for one
/// username or from one client address, further attempts are refused without checking the password, first for
/// <see cref="FirstLockout"/>, then twice as long at each new lockout (up to <see cref="MaxLockout"/>).
/// </summary>
/// <remarks>
/// <para>
/// Unknown usernames count like known ones, so a lockout tells nothing about which names exist. The state is in memory:
/// a restart clears it, which is also how an administrator locked out by someone else's guesses gets back in.
/// </para>
/// <para>
/// The client address is the connection's: behind a reverse proxy every client shares the proxy's, and the username
/// limit is the one that matters. Forwarded headers are not trusted, since any client can send them.
/// </para>
/// </remarks>
public sealed class LoginThrottle
{
    /// <summary>Failures within <see cref="Window"/> that lock a username or an address.</summary>
    public const int MaxFailures = 5;

    /// <summary>How far back failures count.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long the first lockout lasts.</summary>
    public static readonly TimeSpan FirstLockout = TimeSpan.FromMinutes(15);

    /// <summary>The longest lockout.</summary>
    public static readonly TimeSpan MaxLockout = TimeSpan.FromHours(24);

    // Past this many tracked keys, those with nothing recent are dropped, so that a flood of names cannot fill memory.
    private const int PruneAbove = 10_000;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <param name="timeProvider">The clock.</param>
    public LoginThrottle(TimeProvider timeProvider)
    {
        _time = timeProvider;
    }

    /// <summary>How long until a sign-in as <paramref name="username"/> from <paramref name="client"/> may be tried; <see langword="null"/> when it may be now.</summary>
    public TimeSpan? RetryAfter(string username, IPAddress? client)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            TimeSpan? wait = null;
            foreach (var key in Keys(username, client))
            {
                if (_entries.TryGetValue(key, out var entry) && entry.LockedUntil > now)
                {
                    var left = entry.LockedUntil - now;
                    wait = wait is { } other && other > left ? other : left;
                }
            }

            return wait;
        }
    }

    /// <summary>Counts a failed sign-in; returns the lockout it started, if it started one.</summary>
    public TimeSpan? RecordFailure(string username, IPAddress? client)
    {
        var now = _time.GetUtcNow();
        TimeSpan? started = null;
        lock (_lock)
        {
            if (_entries.Count > PruneAbove)
            {
                Prune(now);
            }

            foreach (var key in Keys(username, client))
            {
                if (!_entries.TryGetValue(key, out var entry))
                {
                    entry = new Entry();
                    _entries[key] = entry;
                }

                // A quiet day forgives earlier lockouts.
                if (entry.LastFailure is { } last && now - last > MaxLockout)
                {
                    entry.Lockouts = 0;
                }

                entry.LastFailure = now;
                entry.Failures.RemoveAll(at => now - at >= Window);
                entry.Failures.Add(now);
                if (entry.Failures.Count >= MaxFailures)
                {
                    var lockout = Lockout(entry.Lockouts);
                    entry.Lockouts++;
                    entry.LockedUntil = now + lockout;
                    entry.Failures.Clear();
                    started = started is { } other && other > lockout ? other : lockout;
                }
            }
        }

        return started;
    }

    /// <summary>Forgets the failures of the username and the address after a successful sign-in.</summary>
    public void RecordSuccess(string username, IPAddress? client)
    {
        lock (_lock)
        {
            foreach (var key in Keys(username, client))
            {
                _entries.Remove(key);
            }
        }
    }

    private static TimeSpan Lockout(int earlierLockouts)
    {
        var factor = Math.Pow(2, Math.Min(earlierLockouts, 16));
        var lockout = FirstLockout * factor;
        return lockout > MaxLockout ? MaxLockout : lockout;
    }

    private static string[] Keys(string username, IPAddress? client) =>
        client is null
            ? ["user:" + Normalize(username)]
            : ["user:" + Normalize(username), "ip:" + (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client)];

    // Capped, so that a megabyte of username costs a megabyte once, not in the table.
    private static string Normalize(string username)
    {
        var name = username.Trim().ToLowerInvariant();
        return name.Length > 256 ? name[..256] : name;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries.ToList())
        {
            // Kept: a lockout running, failures that still count, and recent lockouts that make the next one longer.
            var quiet = entry.LastFailure is not { } last || now - last >= Window;
            if (entry.LockedUntil <= now && quiet && (entry.Lockouts == 0 || now - entry.LastFailure > MaxLockout))
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public List<DateTimeOffset> Failures { get; } = [];

        public DateTimeOffset LockedUntil { get; set; }

        public DateTimeOffset? LastFailure { get; set; }

        public int Lockouts { get; set; }
    }
}
