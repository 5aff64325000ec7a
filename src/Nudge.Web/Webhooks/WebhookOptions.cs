using System.ComponentModel.DataAnnotations;
using Nudge.Core.Webhooks;

namespace Nudge.Web.Webhooks;

/// <summary>Options of the <see cref="WebhookDispatcher"/>.</summary>
public sealed class WebhookOptions
{
    /// <summary>How long the dispatcher sleeps between two rounds (new events, then due deliveries).</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a receiver has to answer one POST; no answer in time is a failed attempt.</summary>
    /// <value>The default value is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many due deliveries one round claims.</summary>
    /// <value>The default value is 20.</value>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// How long a claimed delivery is hidden from other dispatchers (another worker on the same PostgreSQL): longer than a
    /// round can take (<see cref="BatchSize"/> × <see cref="RequestTimeout"/>), or a slow round's deliveries are sent twice.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When a failed delivery is tried again, and how many times.</summary>
    /// <value>The default value is <see cref="WebhookBackoff.Default"/>: 30 s doubling up to 6 h, ±20 %, 10 attempts.</value>
    public WebhookBackoff Backoff { get; set; } = WebhookBackoff.Default;

    /// <summary>
    /// How long a hole in the event ids is waited for before it is passed over. On PostgreSQL an event's id is handed out
    /// before its insert commits, so a later id can be read first; the hole fills within milliseconds, or never (a rolled
    /// back insert).
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
