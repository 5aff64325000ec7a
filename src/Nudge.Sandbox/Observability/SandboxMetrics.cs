using System.Globalization;

namespace Nudge.Sandbox.Observability;

/// <summary>Counters behind <c>GET /sandbox/stats</c>: calls, units and errors per mailbox and method, sends per day.</summary>
internal sealed class SandboxMetrics
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MailboxCounters> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _droppedConnections;

    public void RecordCall(string? email, string rpc, string? errorReason)
    {
        lock (_gate)
        {
            if (errorReason is not null)
            {
                _errors[errorReason] = _errors.GetValueOrDefault(errorReason) + 1;
            }

            if (email is null)
            {
                return;
            }

            var mailbox = Mailbox(email);
            mailbox.Method(rpc).Calls++;
            if (errorReason is not null)
            {
                mailbox.Errors[errorReason] = mailbox.Errors.GetValueOrDefault(errorReason) + 1;
            }
        }
    }

    public void RecordUnits(string email, string rpc, int units)
    {
        lock (_gate)
        {
            Mailbox(email).Method(rpc).Units += units;
        }
    }

    public void RecordSend(string email, DateTimeOffset now)
    {
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var sends = Mailbox(email).SendsByDay;
            sends[day] = sends.GetValueOrDefault(day) + 1;
        }
    }

    public void RecordDroppedConnection() => Interlocked.Increment(ref _droppedConnections);

    public long DroppedConnections => Interlocked.Read(ref _droppedConnections);

    /// <summary>Copies the counters of one mailbox into <paramref name="stats"/>.</summary>
    public void Fill(MailboxStats stats)
    {
        lock (_gate)
        {
            if (!_mailboxes.TryGetValue(stats.Email, out var counters))
            {
                return;
            }

            foreach (var (rpc, method) in counters.Methods)
            {
                stats.Methods[rpc] = new MethodStats { Calls = method.Calls, Units = method.Units };
                stats.Calls += method.Calls;
                stats.Units += method.Units;
            }

            foreach (var (reason, count) in counters.Errors)
            {
                stats.Errors[reason] = count;
            }

            foreach (var (day, count) in counters.SendsByDay)
            {
                stats.SendsByDay[day] = count;
            }
        }
    }

    public SortedDictionary<string, long> Errors()
    {
        lock (_gate)
        {
            return new SortedDictionary<string, long>(_errors, StringComparer.Ordinal);
        }
    }

    private MailboxCounters Mailbox(string email)
    {
        if (!_mailboxes.TryGetValue(email, out var counters))
        {
            counters = new MailboxCounters();
            _mailboxes.Add(email, counters);
        }

        return counters;
    }

    private sealed class MailboxCounters
    {
        public SortedDictionary<string, MethodCounters> Methods { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, long> SendsByDay { get; } = new(StringComparer.Ordinal);

        public MethodCounters Method(string rpc)
        {
            if (!Methods.TryGetValue(rpc, out var method))
            {
                method = new MethodCounters();
                Methods.Add(rpc, method);
            }

            return method;
        }
    }

    private sealed class MethodCounters
    {
        public long Calls { get; set; }

        public long Units { get; set; }
    }
}
