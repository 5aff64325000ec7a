using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;

namespace Nudge.Web.Dashboard;

/// <summary>
/// What the leads pages read and do: enrollments joined with their contact and mailbox, filtered; pause, resume and
/// stop, one at a time or for a whole filter.
/// </summary>
/// <remarks>
/// The store has no filtered or paged query of enrollments yet, so the filter runs in memory over every enrollment:
/// fine for thousands, and the place to switch to a store query when there are more.
/// </remarks>
public sealed class LeadBoard
{
    /// <summary>Why a lead stopped from the dashboard stopped.</summary>
    public const string StopReason = "stopped from the dashboard";

    /// <summary>Why a lead paused from the dashboard is paused.</summary>
    public const string PauseReason = "paused from the dashboard";

    private readonly IEngineStore _store;
    private readonly DashboardOptions _options;
    private readonly TimeProvider _time;

    /// <param name="store">Where the enrollments are.</param>
    /// <param name="options">The sequences, for step counts.</param>
    /// <param name="timeProvider">The clock.</param>
    public LeadBoard(IEngineStore store, DashboardOptions options, TimeProvider timeProvider)
    {
        _store = store;
        _options = options;
        _time = timeProvider;
    }

    /// <summary>Every state name a lead can have, in the order of the filter's list.</summary>
    public static IReadOnlyList<string> StateNames { get; } =
        ["active", "paused", .. Enum.GetValues<EnrollmentStatus>().Where(s => s != EnrollmentStatus.Active).Select(EnrollmentStates.Name)];

    /// <summary>The leads the filter lets through, newest enrollment first.</summary>
    public async Task<IReadOnlyList<LeadRow>> ListAsync(LeadFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var enrollments = await _store.ListEnrollmentsAsync(cancellationToken);
        var contacts = (await _store.ListContactsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.Email);
        var mailboxes = (await _store.ListMailboxesAsync(cancellationToken)).ToDictionary(m => m.Id, m => m.Email);
        var state = filter.State?.Trim();
        var sequence = filter.Sequence?.Trim();
        var search = filter.Search?.Trim();
        return
        [
            .. enrollments
                .Select(e => ToRow(e, contacts.GetValueOrDefault(e.ContactId, ""), mailboxes.GetValueOrDefault(e.MailboxId, "")))
                .Where(r => string.IsNullOrEmpty(state) || r.State == state)
                .Where(r => string.IsNullOrEmpty(sequence) || r.Sequence == sequence)
                .Where(r => string.IsNullOrEmpty(search) || r.Email.Contains(search, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(r => r.Id),
        ];
    }

    /// <summary>The names of the sequences that have enrollments, sorted.</summary>
    public async Task<IReadOnlyList<string>> SequenceNamesAsync(CancellationToken cancellationToken) =>
        [.. (await _store.ListEnrollmentsAsync(cancellationToken)).Select(e => e.SequenceName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>One lead, or <see langword="null"/>.</summary>
    public async Task<LeadRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        if (await _store.GetEnrollmentAsync(id, cancellationToken) is not { } enrollment)
        {
            return null;
        }

        var contact = await _store.GetContactAsync(enrollment.ContactId, cancellationToken);
        var mailbox = await _store.GetMailboxAsync(enrollment.MailboxId, cancellationToken);
        return ToRow(enrollment, contact?.Email ?? "", mailbox?.Email ?? "");
    }

    /// <summary>Pauses an active lead; returns whether it changed.</summary>
    public async Task<bool> PauseAsync(long id, string user, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (await _store.PauseEnrollmentsAsync(id, null, PauseReason, now, cancellationToken) == 0)
        {
            return false;
        }

        await _store.AddEventAsync(new EnrollmentEvent(id, now, "paused", $"{PauseReason} by {user}"), cancellationToken);
        return true;
    }

    /// <summary>Resumes a paused lead; returns whether it changed.</summary>
    public async Task<bool> ResumeAsync(long id, string user, CancellationToken cancellationToken)
    {
        if (await _store.ResumeEnrollmentsAsync(id, null, cancellationToken) == 0)
        {
            return false;
        }

        await _store.AddEventAsync(new EnrollmentEvent(id, _time.GetUtcNow(), "resumed", $"resumed from the dashboard by {user}"), cancellationToken);
        return true;
    }

    /// <summary>Stops an active lead for good (<see cref="EnrollmentStatus.Stopped"/>); returns whether it changed.</summary>
    public async Task<bool> StopAsync(long id, string user, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!await _store.StopEnrollmentAsync(id, EnrollmentStatus.Stopped, StopReason, now, cancellationToken))
        {
            return false;
        }

        await _store.AddEventAsync(new EnrollmentEvent(id, now, "stopped", $"{StopReason} by {user}"), cancellationToken);
        return true;
    }

    /// <summary>Pauses every active, unpaused lead the filter lets through; returns how many.</summary>
    public async Task<int> PauseAllAsync(LeadFilter filter, string user, CancellationToken cancellationToken)
    {
        var paused = 0;
        foreach (var row in await ListAsync(filter, cancellationToken))
        {
            if (row.CanPause && await PauseAsync(row.Id, user, cancellationToken))
            {
                paused++;
            }
        }

        return paused;
    }

    private LeadRow ToRow(Enrollment e, string email, string mailbox)
    {
        var steps = _options.Sequences?.Find(e.SequenceName)?.Steps.Count ?? 0;
        return new LeadRow(e.Id, e.ContactId, email, e.SequenceName, mailbox, e.IsActive ? e.NextStep : Math.Max(e.NextStep - 1, 0), steps,
            e.IsActive ? e.DueAt : null, EnrollmentStates.Name(e), e.ThreadId, e.IsPaused ? e.PausedReason : null, e.StatusReason, e.IsActive,
            e.IsPaused);
    }
}
