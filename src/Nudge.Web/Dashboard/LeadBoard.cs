using Nudge.Core.Abstractions;
using Nudge.Core.Enrollments;

namespace Nudge.Web.Dashboard;

/// <summary>
/// What the leads pages read and do: pages of enrollments joined with their contact and mailbox, filtered; pause,
/// resume and stop, one at a time or for a whole filter.
/// </summary>
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
    public static IReadOnlyList<string> StateNames => EnrollmentStates.FilterNames;

    /// <summary>One page of the leads the filter lets through, newest enrollment first, with the counts of every page.</summary>
    public async Task<LeadPage> ListAsync(LeadFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (ToEnrollmentFilter(filter) is not { } byFilter)
        {
            return new LeadPage([], offset, 0, 0);
        }

        var page = await _store.ListEnrollmentsPageAsync(byFilter, EnrollmentOrder.NewestFirst, offset, limit, cancellationToken);
        var pausable = PausableOf(byFilter) is { } running ? await _store.CountEnrollmentsAsync(running, cancellationToken) : 0;
        return new LeadPage([.. page.Items.Select(l => ToRow(l.Enrollment, l.ContactEmail, l.MailboxEmail))], offset, page.Total, pausable);
    }

    /// <summary>The names of the sequences that have enrollments, sorted.</summary>
    public Task<IReadOnlyList<string>> SequenceNamesAsync(CancellationToken cancellationToken) =>
        _store.ListEnrolledSequenceNamesAsync(cancellationToken);

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

    /// <summary>
    /// Pauses every active, unpaused lead the filter lets through, on every page, each with the event a one-click pause
    /// writes; returns how many.
    /// </summary>
    public async Task<int> PauseAllAsync(LeadFilter filter, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (ToEnrollmentFilter(filter) is not { } byFilter)
        {
            return 0;
        }

        return await _store.PauseMatchingEnrollmentsAsync(byFilter, PauseReason, $"{PauseReason} by {user}", _time.GetUtcNow(), cancellationToken);
    }

    /// <summary>The store's filter for the page's; <see langword="null"/> when it names no state, so that nothing matches.</summary>
    private static EnrollmentFilter? ToEnrollmentFilter(LeadFilter filter)
    {
        var state = filter.State?.Trim();
        if ((string.IsNullOrEmpty(state) ? new EnrollmentFilter() : EnrollmentStates.Filter(state)) is not { } byState)
        {
            return null;
        }

        return byState with
        {
            SequenceName = filter.Sequence?.Trim() is { Length: > 0 } sequence ? sequence : null,
            EmailSearch = filter.Search?.Trim() is { Length: > 0 } search ? search : null,
        };
    }

    /// <summary>The part of <paramref name="filter"/> a pause changes (active, not paused); <see langword="null"/> when none.</summary>
    private static EnrollmentFilter? PausableOf(EnrollmentFilter filter) =>
        (filter.Status is null or EnrollmentStatus.Active) && filter.Paused != true
            ? filter with { Status = EnrollmentStatus.Active, Paused = false }
            : null;

    private LeadRow ToRow(Enrollment e, string email, string mailbox)
    {
        var steps = _options.Sequences?.Find(e.SequenceName)?.Steps.Count ?? 0;
        return new LeadRow(e.Id, e.ContactId, email, e.SequenceName, mailbox, e.IsActive ? e.NextStep : Math.Max(e.NextStep - 1, 0), steps,
            e.IsActive ? e.DueAt : null, EnrollmentStates.Name(e), e.ThreadId, e.IsPaused ? e.PausedReason : null, e.StatusReason, e.IsActive,
            e.IsPaused);
    }
}
