using System.Collections.Frozen;

namespace Nudge.Core.Webhooks;

/// <summary>
/// The enrollment events a webhook can receive. Each is the kind of an event the engine writes to the timeline when an
/// enrollment ends that way: <c>replied</c>, <c>bounced</c> and <c>unsubscribed</c> (the inbox, the unsubscribe link),
/// <c>completed</c> (the last step sent or skipped), <c>failed</c> (a step could not be sent), and <c>stopped</c> (stopped
/// by hand through the API or the dashboard).
/// </summary>
public static class WebhookEvents
{
    /// <summary>The contact answered: the sequence stopped.</summary>
    public const string Replied = "replied";

    /// <summary>The contact's address bounced for good: stopped and suppressed.</summary>
    public const string Bounced = "bounced";

    /// <summary>The contact asked to be removed: stopped and suppressed.</summary>
    public const string Unsubscribed = "unsubscribed";

    /// <summary>Every step was sent (or skipped by its condition).</summary>
    public const string Completed = "completed";

    /// <summary>A step could not be sent (a template field missing, Gmail refusing it): stopped.</summary>
    public const string Failed = "failed";

    /// <summary>Stopped by hand.</summary>
    public const string Stopped = "stopped";

    /// <summary>Every type, in the order the API lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Replied, Bounced, Unsubscribed, Completed, Failed, Stopped];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="type"/> is one of <see cref="All"/> (exactly, lower case).</summary>
    public static bool IsKnown(string? type) => type is not null && Known.Contains(type);

    /// <summary>
    /// The webhook type of a timeline event's kind, or <see langword="null"/> for the kinds no webhook receives
    /// (<c>sent</c>, <c>skipped</c>, <c>retry</c>…). The timeline's words are the webhook's, so this is the identity on
    /// <see cref="All"/>.
    /// </summary>
    public static string? TypeOf(string eventKind) => Known.TryGetValue(eventKind, out var type) ? type : null;

    /// <summary>The stored form of a list of types (<c>webhooks.events</c>): comma-separated, in <see cref="All"/>'s order.</summary>
    public static string Join(IEnumerable<string> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var set = types.ToHashSet(StringComparer.Ordinal);
        return string.Join(",", All.Where(set.Contains));
    }

    /// <summary>Reads <see cref="Join"/>'s form back.</summary>
    public static IReadOnlyList<string> Split(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
