using System.Collections.Concurrent;
using Nudge.Core.Abstractions;

namespace Nudge.Core.Quota;

/// <summary>
/// Keeps each mailbox inside Gmail's limits so that Nudge never gets a 429 nor a per-minute quota error: the daily
/// sending limit over a rolling 24 hours, the per-user API units per minute, and a paced gap between two sends.
/// </summary>
/// <remarks>
/// <para>
/// All state is in the database (<see cref="IEngineStore"/>), so that several workers on one PostgreSQL store share
/// one budget per mailbox. Each grant is one conditional statement: the units come from a token bucket on the mailbox
/// row (<see cref="UnitBucket"/>), and a send slot moves the mailbox's <c>next_send_at</c> only if it has passed and
/// the window still has room, so concurrent workers serialise on the row and at most one of them gets a slot per gap.
/// </para>
/// <para>
/// The window counts Nudge's sends from their reservation (an outbox row in Sending, Sent or Ambiguous: an ambiguous
/// send may have gone out, so Gmail may count it), plus the user's own sends, which the worker records as it reads the
/// mailbox's history. It only counts a send once the outbox row exists; with a gap of zero, two workers racing at the
/// very end of the window may each take the last place. The default gap (20 s) closes that race.
/// </para>
/// <para>
/// A refusal says until when (<see cref="QuotaDecision.NotBefore"/>): the worker puts the step back to that time, which
/// is how 100 due contacts on a 40-a-day mailbox spread over three days. This instance remembers a refusal until its
/// time, so a batch of steps of a held mailbox costs one read, not one each: the state can only get worse meanwhile
/// (more sends, fewer units), never better, except by time, which the refusal's time already accounts for.
/// </para>
/// </remarks>
public sealed class QuotaGovernor
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);
    private const int SlotAttempts = 3;

    // 5 % of the bucket: 60 units in the May 2026 regime, thirty history reads.
    private const double ReadReserveShare = 0.05;

    private readonly IEngineStore _store;
    private readonly TimeProvider _time;
    private readonly QuotaOptions _options;
    private readonly Random _random;
    private readonly ConcurrentDictionary<long, QuotaDecision> _sendsHeld = new();

    public QuotaGovernor(IEngineStore store, TimeProvider timeProvider, QuotaOptions? options = null, Random? random = null)
    {
        _store = store;
        _time = timeProvider;
        _options = options ?? new QuotaOptions();
        _random = random ?? Random.Shared;
    }

    /// <summary>The length of the rolling window as counted: 24 hours plus <see cref="QuotaOptions.WindowMargin"/>.</summary>
    public TimeSpan Window => SendWindow.Day + _options.WindowMargin;

    /// <summary>How many sends in the window Nudge allows the mailbox.</summary>
    public int DailyShare(Mailbox mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return SendWindow.Share(mailbox.DailySendLimit, _options.DailySafetyShare);
    }

    /// <summary>
    /// Takes a send slot for the mailbox: room in the daily window, the pacing gap passed, and the units of the send and
    /// of reading back its Message-ID (both charged now). When refused, nothing is taken.
    /// </summary>
    public async Task<QuotaDecision> TryAcquireSendAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var now = _time.GetUtcNow();
        if (_sendsHeld.TryGetValue(mailbox.Id, out var held) && held.NotBefore > now)
        {
            return held;
        }

        var share = DailyShare(mailbox);
        var bucket = UnitBucket.For(mailbox.QuotaRegime);
        var units = GmailQuotaCosts.Units(GmailCall.SendMessage, mailbox.QuotaRegime)
            + GmailQuotaCosts.Units(GmailCall.GetMessage, mailbox.QuotaRegime);
        var windowStart = now - Window;
        for (var attempt = 0; attempt < SlotAttempts; attempt++)
        {
            var state = await _store.GetQuotaStateAsync(mailbox.Id, windowStart, cancellationToken);
            if (share == 0)
            {
                // A limit of zero (a mailbox set not to send): look again in an hour, in case it was raised.
                return Hold(mailbox.Id, now, now.AddHours(1), QuotaLimit.DailySends);
            }

            if (SendWindow.FreesAt(state.SendTimes, share, Window) is { } freesAt)
            {
                return Hold(mailbox.Id, now, freesAt, QuotaLimit.DailySends);
            }

            if (state.NextSendAt is { } nextSendAt && nextSendAt > now)
            {
                return Hold(mailbox.Id, now, nextSendAt, QuotaLimit.Pacing);
            }

            var available = bucket.Available(state.Tokens, state.TokensCountedAt, now);
            if (available < units)
            {
                // Wait for the send's units and a reserve: the history reads of the next cycle come before its sends, and
                // coming back at the exact moment would let those reads take the units again, every cycle (starvation).
                var reserve = Math.Min(bucket.Capacity - units, bucket.Capacity * ReadReserveShare);
                return Hold(mailbox.Id, now, now + bucket.TimeUntil(available, units + reserve), QuotaLimit.UnitsPerMinute);
            }

            // Another worker may have taken the slot, or the window's last place, since the read: then read again.
            if (!await _store.TryTakeSendSlotAsync(mailbox.Id, now, now + NextGap(), windowStart, share, cancellationToken))
            {
                continue;
            }

            if (!await _store.TryTakeUnitsAsync(mailbox.Id, units, bucket, now, cancellationToken))
            {
                // Spent by another worker between the read and now; the slot is lost, which only delays by one gap.
                return Hold(mailbox.Id, now, now + bucket.TimeUntil(0, units), QuotaLimit.UnitsPerMinute);
            }

            _sendsHeld.TryRemove(mailbox.Id, out _);
            return QuotaDecision.Allowed;
        }

        return Hold(mailbox.Id, now, now + TimeSpan.FromSeconds(1), QuotaLimit.Pacing);
    }

    /// <summary>
    /// Charges the units of <paramref name="count"/> calls of <paramref name="call"/> if the mailbox has them now; a
    /// refusal charges nothing and says when they will be there.
    /// </summary>
    public async Task<QuotaDecision> TryChargeAsync(Mailbox mailbox, GmailCall call, int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var now = _time.GetUtcNow();
        var bucket = UnitBucket.For(mailbox.QuotaRegime);
        var units = (double)GmailQuotaCosts.Units(call, mailbox.QuotaRegime) * count;
        if (await _store.TryTakeUnitsAsync(mailbox.Id, units, bucket, now, cancellationToken))
        {
            return QuotaDecision.Allowed;
        }

        var state = await _store.GetQuotaStateAsync(mailbox.Id, now, cancellationToken);
        var wait = bucket.TimeUntil(bucket.Available(state.Tokens, state.TokensCountedAt, now), Math.Min(units, bucket.Capacity));
        return QuotaDecision.Deny(Ceiling(now + wait, now), QuotaLimit.UnitsPerMinute);
    }

    /// <summary>The mailbox's quota use now.</summary>
    public async Task<QuotaUsage> GetUsageAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var now = _time.GetUtcNow();
        var state = await _store.GetQuotaStateAsync(mailbox.Id, now - Window, cancellationToken);
        var bucket = UnitBucket.For(mailbox.QuotaRegime);
        var available = (int)Math.Floor(Math.Max(0, bucket.Available(state.Tokens, state.TokensCountedAt, now)));
        return new QuotaUsage(state.SendTimes.Count, DailyShare(mailbox), mailbox.DailySendLimit, available,
            GmailQuotaCosts.UnitsPerMinute(mailbox.QuotaRegime), state.NextSendAt);
    }

    private QuotaDecision Hold(long mailboxId, DateTimeOffset now, DateTimeOffset notBefore, QuotaLimit limit)
    {
        var decision = QuotaDecision.Deny(Ceiling(notBefore, now), limit);
        _sendsHeld[mailboxId] = decision;
        return decision;
    }

    // The store keeps milliseconds: a time with a fraction would be truncated to before itself, and a step put back to
    // "now" would be claimed again at once, in a loop. So: whole milliseconds, rounded up, and later than now.
    private static DateTimeOffset Ceiling(DateTimeOffset notBefore, DateTimeOffset now)
    {
        var ms = notBefore.ToUnixTimeMilliseconds();
        var rounded = DateTimeOffset.FromUnixTimeMilliseconds(ms) < notBefore ? ms + 1 : ms;
        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(rounded, now.ToUnixTimeMilliseconds() + 1));
    }

    private TimeSpan NextGap()
    {
        if (_options.SendGap <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // Spread evenly over gap × (1 ± jitter), so sends do not tick like a clock.
        var factor = 1 + (_options.SendGapJitter * ((2 * _random.NextDouble()) - 1));
        return TimeSpan.FromMilliseconds(Math.Ceiling(_options.SendGap.TotalMilliseconds * factor));
    }
}
