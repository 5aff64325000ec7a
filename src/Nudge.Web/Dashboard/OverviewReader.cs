using System.Globalization;
using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;
using Nudge.Core.Quota;
using Nudge.Web.Charts;

namespace Nudge.Web.Dashboard;

/// <summary>
/// Reads the overview's charts from the store: each mailbox's sends in the last 24 hours against its daily limit and its
/// quota units, and each sequence's funnel (enrolled → sent step 1 … n → replied, bounced, unsubscribed, completed).
/// </summary>
/// <remarks>
/// The funnel's counts come from <see cref="IEngineStore.CountEnrollmentsByStateAsync"/> and
/// <see cref="IEngineStore.CountSendsByStepAsync"/>: two grouped queries, whatever the number of leads. The mailboxes
/// take one quota read each.
/// </remarks>
public sealed class OverviewReader
{
    /// <summary>The window of a mailbox's daily sending limit.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static readonly (EnrollmentStatus Status, string Label, string Tone)[] Outcomes =
    [
        (EnrollmentStatus.Replied, "replied", "good"),
        (EnrollmentStatus.Bounced, "bounced", "bad"),
        (EnrollmentStatus.Unsubscribed, "unsubscribed", "warn"),
        (EnrollmentStatus.Completed, "completed", "muted"),
    ];

    private readonly IEngineStore _store;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the reader.</summary>
    public OverviewReader(IEngineStore store, DashboardOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _options = options;
        _time = timeProvider;
    }

    /// <summary>Reads the mailboxes and the funnels.</summary>
    public async Task<Overview> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var mailboxes = new List<OverviewMailbox>();
        foreach (var mailbox in await _store.ListMailboxesAsync(cancellationToken))
        {
            mailboxes.Add(await ReadMailboxAsync(mailbox, now, cancellationToken));
        }

        var states = await _store.CountEnrollmentsByStateAsync(cancellationToken);
        var sends = await _store.CountSendsByStepAsync(cancellationToken);
        var names = (_options.Sequences?.All.Select(s => s.Name) ?? [])
            .Concat(states.Select(s => s.SequenceName).Concat(sends.Select(s => s.SequenceName)).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        var funnels = names.Select(name => Funnel(name, states, sends)).ToList();
        return new Overview(mailboxes, funnels);
    }

    private async Task<OverviewMailbox> ReadMailboxAsync(Mailbox mailbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = await _store.GetQuotaStateAsync(mailbox.Id, now - Window, cancellationToken);
        var sent = state.SendTimes.Count;
        var limit = mailbox.DailySendLimit;
        var bucket = UnitBucket.For(mailbox.QuotaRegime);
        var capacity = (int)Math.Floor(bucket.Capacity);
        var available = (int)Math.Floor(Math.Max(0, bucket.Available(state.Tokens, state.TokensCountedAt, now)));
        var paused = mailbox.Status == MailboxStatus.Paused;
        ChartBar[] bars =
        [
            new("sends in 24 h", sent, paused ? "muted" : SendTone(sent, limit), Math.Max(limit, 1), $"{Number(sent)} of {Number(limit)}"),
            new("quota units available", available, paused ? "muted" : available * 2 >= capacity ? "good" : "warn", Math.Max(capacity, 1),
                $"{Number(available)} of {Number(capacity)}"),
        ];
        return new OverviewMailbox(mailbox, sent, limit, available, capacity, bars);
    }

    private OverviewFunnel Funnel(string name, IReadOnlyList<SequenceStateCount> states, IReadOnlyList<(string SequenceName, int Step, int Sends)> sends)
    {
        var mine = states.Where(s => s.SequenceName == name).ToList();
        var sent = sends.Where(s => s.SequenceName == name).ToDictionary(s => s.Step, s => s.Sends);
        var steps = Math.Max(_options.Sequences?.Find(name)?.Steps.Count ?? 0, sent.Count == 0 ? 0 : sent.Keys.Max());
        var enrolled = mine.Sum(s => s.Count);
        var bars = new List<ChartBar> { new("enrolled", enrolled) };
        for (var step = 1; step <= steps; step++)
        {
            bars.Add(new ChartBar($"sent step {step}", sent.GetValueOrDefault(step)));
        }

        foreach (var (status, label, tone) in Outcomes)
        {
            bars.Add(new ChartBar(label, mine.Where(s => s.Status == status).Sum(s => s.Count), tone));
        }

        // Every bar is a share of the leads enrolled (a sent step never exceeds them).
        var scale = Math.Max(enrolled, bars.Max(b => b.Value));
        return new OverviewFunnel(name, enrolled, [.. bars.Select(b => b with { Max = Math.Max(scale, 1) })]);
    }

    private static string SendTone(int sent, int limit) =>
        sent >= limit ? "bad" : sent * 5 >= limit * 4 ? "warn" : "good";

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
