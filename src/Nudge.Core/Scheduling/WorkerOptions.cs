using System.ComponentModel.DataAnnotations;
using Nudge.Core.Quota;

namespace Nudge.Core.Scheduling;

/// <summary>Options of the <see cref="SequenceWorker"/>.</summary>
public sealed class WorkerOptions
{
    /// <summary>How many due steps one cycle claims at most.</summary>
    /// <value>The default value is 100.</value>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claimed step stays invisible to other workers. Long enough for one send; a worker that dies holding a
    /// claim releases it when the lease runs out.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a cycle that sends batch after batch goes before it reads the mailboxes' history again between two
    /// batches, so that a reply arriving meanwhile stops its enrollment before its step is claimed. Reading every batch
    /// would cost one history call per mailbox held for every <see cref="BatchSize"/> sends: with a thousand mailboxes,
    /// ten calls per send.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan BatchResyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the loop waits between cycles when nothing is due.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a send whose outcome is unknown (timeout, dropped connection, 5xx) the worker looks in Gmail's
    /// SENT folder for it. Gmail's search index can lag a little behind a send, so not at once.
    /// </summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first retry delay after Gmail refused a send for a while (429, quota, 5xx before anything happened).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest retry delay: backoff doubles from <see cref="RetryBaseDelay"/> up to this.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many refused attempts at one step before the enrollment fails with the last error.</summary>
    /// <value>The default value is 10.</value>
    [Range(1, 1_000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// This worker's id, unique among the workers sharing a database: its sends and mailbox leases carry it.
    /// </summary>
    /// <value>The default value is the machine name, the process id and a random suffix.</value>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// How long after its last heartbeat a worker still counts as alive when the workers share out the mailboxes. A
    /// worker beats at every batch; one that stopped beating for this long is taken for dead.
    /// </summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The public address of <c>nudge serve</c> (https; http only on loopback, for rehearsals). When set, every sequence
    /// mail's <c>List-Unsubscribe</c> carries a one-click link there beside the mailto (RFC 8058); without it, the mailto only.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// The Pub/Sub topic Gmail publishes the mailboxes' changes to (<c>projects/P/topics/T</c>). When set, the worker
    /// calls <c>users.watch</c> for each mailbox it holds and renews it daily; a push wakes it at once, and polling goes
    /// on as the safety net, since Gmail may delay or drop notifications.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (polling only).</value>
    public string? PushTopic { get; set; }

    /// <summary>
    /// The most messages a full sync reads when Gmail no longer has the mailbox's history checkpoint (404): the
    /// messages since the last sync, newest first; older ones are left unread.
    /// </summary>
    /// <value>The default value is 500.</value>
    [Range(1, 10_000)]
    public int FullSyncLimit { get; set; } = 500;

    /// <summary>The quota governor's options: daily safety share, pacing gap between sends.</summary>
    public QuotaOptions Quota { get; set; } = new();
}
