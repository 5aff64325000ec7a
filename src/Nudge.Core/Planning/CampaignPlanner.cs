using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Messages;
using Nudge.Core.Quota;
using Nudge.Core.Schedule;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;
using static System.FormattableString;

namespace Nudge.Core.Planning;

/// <summary>
/// Says what the worker will send over the coming days if nobody replies, and what stands in the way, without sending
/// anything nor calling Gmail: <c>nudge plan</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each open enrollment is walked forward from its due step as the worker would take it: the step's <c>when</c> and
/// window checked again, the template rendered with the contact's fields, then the mailbox's pacing gap and daily limit,
/// then the next step scheduled with <see cref="StepScheduler.Next"/> from the planned send time. The sends of all
/// enrollments go through one queue in time order, so that a mailbox's daily limit is shared out as the worker's
/// <see cref="QuotaGovernor"/> would: oldest due first, the rest moved to when the rolling 24-hour window frees a place,
/// then into the step's window again.
/// </para>
/// <para>
/// Read-only: the store is only read. Every problem (a missing merge field, a suppressed address, an unknown zone, a
/// paused mailbox...) is reported in the plan, never thrown.
/// </para>
/// </remarks>
public sealed class CampaignPlanner
{
    /// <summary>The subject shown for replies into a thread Nudge did not start; only Gmail knows the real one.</summary>
    public const string ExternalThreadSubject = "(the existing thread's subject)";

    private const string NoSubject = "(no subject)";

    private readonly IEngineStore _store;
    private readonly SequenceCatalog _sequences;
    private readonly TimeProvider _time;
    private readonly QuotaOptions _options;

    /// <summary>Creates a planner over the engine's store and sequences.</summary>
    /// <param name="store">The store, only read.</param>
    /// <param name="sequences">The sequences the worker runs with.</param>
    /// <param name="timeProvider">The clock, for <see cref="PlanAsync(TimeSpan, CancellationToken)"/>.</param>
    /// <param name="options">The worker's quota options (safety share, pacing gap, window margin); the defaults when null.</param>
    public CampaignPlanner(IEngineStore store, SequenceCatalog sequences, TimeProvider timeProvider, QuotaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _sequences = sequences;
        _time = timeProvider;
        _options = options ?? new QuotaOptions();
    }

    // The governor counts a send in the window a little longer than Gmail does (WindowMargin); the plan does the same.
    private TimeSpan QuotaWindow => SendWindow.Day + _options.WindowMargin;

    /// <summary>Plans from now over <paramref name="horizon"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> is not positive.</exception>
    public Task<CampaignPlan> PlanAsync(TimeSpan horizon, CancellationToken cancellationToken) =>
        PlanAsync(_time.GetUtcNow(), horizon, cancellationToken);

    /// <summary>Plans the sends from <paramref name="from"/> until <paramref name="from"/> + <paramref name="horizon"/>.</summary>
    /// <param name="from">The start of the plan; steps already due then are planned from then, as the worker would send them.</param>
    /// <param name="horizon">How far ahead to plan.</param>
    /// <param name="cancellationToken">Cancels the store reads.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> is not positive.</exception>
    public async Task<CampaignPlan> PlanAsync(DateTimeOffset from, TimeSpan horizon, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, TimeSpan.Zero);
        var run = new PlanRun(from.ToUniversalTime(), from.ToUniversalTime() + horizon);
        await EnqueueOpenEnrollmentsAsync(run, cancellationToken);

        // The queue's times only grow (every move is later), so sends are decided in time order across all enrollments.
        while (run.Queue.TryDequeue(out var item, out _))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.At >= run.Until)
            {
                BeyondHorizon(run, item);
                continue;
            }

            await AdvanceAsync(run, item, cancellationToken);
        }

        foreach (var lane in run.Lanes.Values.OrderBy(l => l.Mailbox.Email, StringComparer.OrdinalIgnoreCase))
        {
            ReportSpills(run, lane);
        }

        var days = run.Lanes.Values
            .OrderBy(l => l.Mailbox.Email, StringComparer.OrdinalIgnoreCase)
            .SelectMany(l => l.SendsPerDay.OrderBy(d => d.Key)
                .Select(d => new MailboxDay(l.Mailbox.Email, d.Key, l.Zone.Id, d.Value, l.Share, l.Mailbox.DailySendLimit)))
            .ToList();
        var sends = run.Sends.OrderBy(s => s.At).ThenBy(s => s.EnrollmentId).ToList();
        return new CampaignPlan(run.From, run.Until, sends, run.Problems, days);
    }

    /// <summary>
    /// Queues every enrollment the worker would claim (active, not paused, in an active mailbox and a sequence not
    /// paused), at its due step; reports the others that still have steps to send.
    /// </summary>
    private async Task EnqueueOpenEnrollmentsAsync(PlanRun run, CancellationToken cancellationToken)
    {
        var mailboxes = (await _store.ListMailboxesAsync(cancellationToken)).ToDictionary(m => m.Id);
        var pausedSequences = (await _store.ListPausedSequencesAsync(cancellationToken)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var contacts = (await _store.ListContactsAsync(cancellationToken)).ToDictionary(c => c.Id);
        var heldBySequence = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var heldByMailbox = new Dictionary<long, int>();
        var enrollments = (await _store.ListEnrollmentsAsync(cancellationToken)).Where(e => e.IsActive).OrderBy(e => e.Id);
        foreach (var enrollment in enrollments)
        {
            var contact = contacts.GetValueOrDefault(enrollment.ContactId);
            var who = contact?.Email ?? Invariant($"contact {enrollment.ContactId}");
            var step = enrollment.NextStep;
            if (pausedSequences.ContainsKey(enrollment.SequenceName))
            {
                heldBySequence[enrollment.SequenceName] = heldBySequence.GetValueOrDefault(enrollment.SequenceName) + 1;
                continue;
            }

            if (!mailboxes.TryGetValue(enrollment.MailboxId, out var mailbox))
            {
                run.Report(PlanProblem.Mailbox, Invariant(
                    $"{who} in '{enrollment.SequenceName}' sends from mailbox {enrollment.MailboxId}, which is no longer connected: nothing of it can be sent"),
                    enrollment, contact?.Email, step);
                continue;
            }

            if (mailbox.Status == MailboxStatus.Paused)
            {
                heldByMailbox[mailbox.Id] = heldByMailbox.GetValueOrDefault(mailbox.Id) + 1;
                continue;
            }

            if (enrollment.IsPaused)
            {
                run.Report(PlanProblem.Paused, Invariant(
                    $"{who} in '{enrollment.SequenceName}' is paused since {enrollment.PausedAt:u} ({enrollment.PausedReason ?? "no reason given"}): step {step} and later wait until it is resumed"),
                    enrollment, contact?.Email, step);
                continue;
            }

            if (_sequences.Find(enrollment.SequenceName) is not { } sequence)
            {
                run.Report(PlanProblem.UnknownSequence,
                    $"{who} is enrolled in sequence '{enrollment.SequenceName}', which is not loaded: the worker would fail the enrollment",
                    enrollment, contact?.Email, step);
                continue;
            }

            if (sequence.GetStep(step) is null)
            {
                run.Report(PlanProblem.UnknownSequence, Invariant(
                    $"{who} is at step {step} of '{sequence.Name}', which has {sequence.Steps.Count} steps: the worker would fail the enrollment"),
                    enrollment, contact?.Email, step);
                continue;
            }

            if (contact is null)
            {
                run.Report(PlanProblem.InvalidAddress, Invariant(
                    $"enrollment {enrollment.Id} in '{sequence.Name}' is for contact {enrollment.ContactId}, which no longer exists"), enrollment, null, step);
                continue;
            }

            if (!EmailAddress.IsValid(contact.Email))
            {
                run.Report(PlanProblem.InvalidAddress,
                    contact.Email.Length == 0
                        ? Invariant($"contact {contact.Id} in '{sequence.Name}' has no email address")
                        : $"'{contact.Email}' in '{sequence.Name}' is not a valid address: Gmail would refuse every step",
                    enrollment, contact.Email, step);
                continue;
            }

            if (await run.FindSuppressionAsync(_store, contact.Email, cancellationToken) is { } suppression)
            {
                run.Report(PlanProblem.Suppressed, Invariant(
                    $"{contact.Email} is on the suppression list ({suppression.Value}: {suppression.Reason}): the worker stops the enrollment in '{sequence.Name}' instead of sending step {step}"),
                    enrollment, contact.Email, step);
                continue;
            }

            if (enrollment.DueAt is not { } dueAt)
            {
                run.Report(PlanProblem.Schedule, Invariant($"{contact.Email} in '{sequence.Name}' is active but step {step} has no due time"),
                    enrollment, contact.Email, step);
                continue;
            }

            var mailboxZone = SequenceWorker.MailboxZone(mailbox);
            var zoneKnown = ScheduleZones.TryResolve(contact.Fields, sequence.TimeZone, mailboxZone, out var zone, out var zoneProblem);
            if (!zoneKnown)
            {
                // The worker still sends the step already scheduled (outside any window: it cannot tell the contact's
                // hours), then fails the enrollment when it cannot schedule the next one.
                run.Report(PlanProblem.Schedule, Invariant(
                    $"{contact.Email} in '{sequence.Name}': {zoneProblem}; step {step} would go out at its due time regardless of the window, then the enrollment would fail"),
                    enrollment, contact.Email, step);
            }

            var item = new Pending(enrollment, contact, mailbox, sequence, zone, zoneKnown, mailboxZone)
            {
                Step = step,
                At = dueAt < run.From ? run.From : dueAt,
            };
            await ResolveThreadAsync(item, cancellationToken);
            run.Enqueue(item);
        }

        foreach (var (name, count) in heldBySequence)
        {
            var paused = pausedSequences[name];
            run.Report(PlanProblem.Paused, Invariant(
                $"sequence '{name}' is paused since {paused.PausedAt:u} ({paused.Reason}): its {count} active enrollment(s) send nothing until it is resumed"));
        }

        foreach (var (id, count) in heldByMailbox.OrderBy(m => mailboxes[m.Key].Email, StringComparer.OrdinalIgnoreCase))
        {
            var mailbox = mailboxes[id];
            run.Report(PlanProblem.Mailbox, Invariant(
                $"mailbox {mailbox.Email} is paused since {mailbox.PausedAt:u} ({mailbox.PausedReason ?? "no reason given"}): its {count} active enrollment(s) send nothing until it is resumed or signed in again (`nudge mailbox add`)"));
        }
    }

    /// <summary>The thread the enrollment's replies go into, as the worker finds it: the outbox, or a thread Nudge did not start.</summary>
    private async Task ResolveThreadAsync(Pending item, CancellationToken cancellationToken)
    {
        if (item.Enrollment.ExternalThread && item.Enrollment.ThreadId is not null)
        {
            item.ThreadSubject = ExternalThreadSubject;
            return;
        }

        if (item.Enrollment.NextStep <= 1)
        {
            return;
        }

        var sent = await _store.ListOutboxAsync(item.Enrollment.Id, cancellationToken);
        item.LastSentAt = sent.Count > 0 ? sent[^1].SentAt : null;
        var threaded = sent.Where(o => o.GmailThreadId is not null).ToList();
        if (threaded.Count > 0)
        {
            // A reply goes into the thread of the latest send, under the subject of that thread's first message.
            var threadId = threaded[^1].GmailThreadId;
            item.ThreadSubject = threaded.First(o => o.GmailThreadId == threadId).Subject;
        }
    }

    /// <summary>Takes one queued step one decision further: moved later (and queued again), dropped with a problem, or sent.</summary>
    private async Task AdvanceAsync(PlanRun run, Pending item, CancellationToken cancellationToken)
    {
        var t = item.At;
        var sequence = item.Sequence;
        var step = sequence.GetStep(item.Step)!;
        var fields = item.Contact.Fields;

        // The worker's last check before a send: the contact's fields may make the step's `when` false now.
        if (step.Condition is { } condition && !condition.Evaluate(fields))
        {
            var baseTime = item.LastSentAt ?? item.Enrollment.EnrolledAt ?? t;
            ScheduleNext(run, item, StepScheduler.Next(sequence, step.Number, baseTime, t, fields, item.MailboxZone), t, sent: false);
            return;
        }

        if (item.ZoneKnown && (step.Window ?? sequence.Window) is { } window)
        {
            var opening = window.NextOpening(t, item.Zone);
            if (opening > t)
            {
                item.At = opening;
                run.Enqueue(item);
                return;
            }
        }

        if (item.Message is null)
        {
            // Rendered once per step, with the clock at the step's time, before any quota is asked for (as the worker does).
            run.Clock.JumpTo(t);
            var rendered = await run.Templates.RenderAsync(step.Template, fields, cancellationToken);
            if (rendered.Message is not { } message)
            {
                run.Report(PlanProblem.MissingField, Invariant(
                    $"step {step.Number} of '{sequence.Name}' (due {t:u}): {rendered.DescribeFailure(step.Template.Name, item.Contact.Email)}; the worker would fail the enrollment there"),
                    item.Enrollment, item.Contact.Email, step.Number);
                return;
            }

            item.Message = message;
            item.DueAt = t;
        }

        var lane = await run.LaneAsync(_store, item.Mailbox, _options.DailySafetyShare, QuotaWindow, cancellationToken);
        if (lane.Share == 0)
        {
            lane.Blocked++;
            return;
        }

        if (lane.NextSendAt is { } paced && paced > t)
        {
            item.At = paced;
            run.Enqueue(item);
            return;
        }

        if (lane.FreesAt(t) is { } freesAt)
        {
            item.At = freesAt;
            item.Spilled = true;
            run.Enqueue(item);
            return;
        }

        Send(run, lane, item, step, t);
        ScheduleNext(run, item, StepScheduler.Next(sequence, step.Number, t, t, fields, item.MailboxZone), t, sent: true);
    }

    private void Send(PlanRun run, Lane lane, Pending item, SequenceStep step, DateTimeOffset at)
    {
        string subject;
        string mode;
        if (step.Thread == ThreadMode.Reply && item.ThreadSubject is { } threadSubject)
        {
            subject = ThreadSubject.ForReply(threadSubject);
            mode = PlannedSend.Reply;
        }
        else
        {
            // A new thread, or a reply with no thread yet (the worker then starts one under the step's own subject).
            subject = item.Message!.Subject ?? NoSubject;
            mode = PlannedSend.NewThread;
            if (!item.Enrollment.ExternalThread)
            {
                item.ThreadSubject = subject;
            }
        }

        var dueAt = item.DueAt ?? at;
        run.Sends.Add(new PlannedSend(at, item.Mailbox.Email, item.Contact.Email, item.Contact.Id, item.Enrollment.Id, item.Sequence.Name,
            step.Number, step.Template.Name, subject, mode, item.Spilled, dueAt, item.Zone.Id));
        lane.Record(at, _options.SendGap > TimeSpan.Zero ? _options.SendGap : TimeSpan.Zero);
        if (item.Spilled)
        {
            lane.Spills.Add((dueAt, at));
        }

        item.LastSentAt = at;
    }

    /// <summary>Queues the step the schedule gives next, or reports why there is none.</summary>
    private static void ScheduleNext(PlanRun run, Pending item, ScheduleResult next, DateTimeOffset at, bool sent)
    {
        if (next.Problem is { } problem)
        {
            // An unknown zone was reported when the enrollment was queued; once is enough.
            if (item.ZoneKnown)
            {
                var where = sent ? Invariant($"after step {item.Step} (planned {at:u})") : Invariant($"at step {item.Step} (due {at:u})");
                run.Report(PlanProblem.Schedule, Invariant(
                    $"{item.Contact.Email} in '{item.Sequence.Name}' {where}: {problem}; the worker would fail the enrollment there"),
                    item.Enrollment, item.Contact.Email, next.StepNumber ?? item.Step + 1);
            }

            return;
        }

        if (next.StepNumber is not { } number || next.Due is not { } due)
        {
            return;
        }

        item.Step = number;
        item.At = due < at ? at : due;
        item.Message = null;
        item.DueAt = null;
        item.Spilled = false;
        run.Enqueue(item);
    }

    /// <summary>
    /// An enrollment whose next step falls past the plan's end: counts a send the daily limit pushed there, and reports
    /// a merge field a later step will miss, so that it can be fixed before the worker gets there.
    /// </summary>
    private static void BeyondHorizon(PlanRun run, Pending item)
    {
        if (item.Spilled && run.Lanes.TryGetValue(item.Mailbox.Id, out var lane))
        {
            lane.SpilledPastHorizon++;
        }

        var fields = item.Contact.Fields;
        foreach (var step in item.Sequence.Steps.Where(s => s.Number >= item.Step))
        {
            if (step.Condition is { } condition && !condition.Evaluate(fields))
            {
                continue;
            }

            var missing = step.Template.RequiredFields
                .Where(f => !fields.TryGetValue(f, out var value) || string.IsNullOrWhiteSpace(value))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (missing.Count > 0)
            {
                var failure = new TemplateRenderResult(null, missing).DescribeFailure(step.Template.Name, item.Contact.Email);
                run.Report(PlanProblem.MissingField, Invariant(
                    $"step {step.Number} of '{item.Sequence.Name}' (after the plan's end): {failure}; the worker would fail the enrollment there"),
                    item.Enrollment, item.Contact.Email, step.Number);
                return;
            }
        }
    }

    private static void ReportSpills(PlanRun run, Lane lane)
    {
        var mailbox = lane.Mailbox;
        if (lane.Blocked > 0)
        {
            run.Report(PlanProblem.DailyLimit, Invariant(
                $"mailbox {mailbox.Email} has a daily limit of {mailbox.DailySendLimit}, which leaves Nudge no send: {lane.Blocked} due send(s) wait until it is raised (`nudge mailbox quota`)"));
        }

        foreach (var day in lane.Spills.GroupBy(s => LocalDate(s.Due, lane.Zone)).OrderBy(g => g.Key))
        {
            var first = day.OrderBy(s => s.Due).ThenBy(s => s.At).First();
            run.Report(PlanProblem.DailyLimit, Invariant(
                $"{day.Count()} send(s) from {mailbox.Email} spill past their day ({day.Key:yyyy-MM-dd}): its daily limit of {mailbox.DailySendLimit} leaves Nudge {lane.Share} per rolling 24 hours; first moved from {first.Due:u} to {first.At:u}"));
        }

        if (lane.SpilledPastHorizon > 0)
        {
            run.Report(PlanProblem.DailyLimit, Invariant(
                $"{lane.SpilledPastHorizon} send(s) from {mailbox.Email} are pushed past the plan's end by its daily limit of {mailbox.DailySendLimit} ({lane.Share} per rolling 24 hours for Nudge)"));
        }
    }

    private static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    // The same test as enrollment's (Enroller): an address Gmail will take, with a dotted domain.

    /// <summary>The state of one planning: the queue, each mailbox's quota, and what was found.</summary>
    private sealed class PlanRun
    {
        private readonly Dictionary<string, Suppression?> _suppressions = new(StringComparer.OrdinalIgnoreCase);
        private long _sequence;

        public PlanRun(DateTimeOffset from, DateTimeOffset until)
        {
            From = from;
            Until = until;
            Clock = new SimulatedClock(from);

            // Templates see the planned send time as "now", as they would at the real send.
            Templates = new TemplateEngine(Clock);
        }

        public DateTimeOffset From { get; }

        public DateTimeOffset Until { get; }

        public SimulatedClock Clock { get; }

        public TemplateEngine Templates { get; }

        // By time, then enrollment (the worker claims by due time, then id), then order of queueing.
        public PriorityQueue<Pending, (DateTimeOffset At, long EnrollmentId, long Order)> Queue { get; } = new();

        public Dictionary<long, Lane> Lanes { get; } = [];

        public List<PlannedSend> Sends { get; } = [];

        public List<PlanProblem> Problems { get; } = [];

        public void Enqueue(Pending item) => Queue.Enqueue(item, (item.At, item.Enrollment.Id, _sequence++));

        public void Report(string kind, string message, Enrollment? enrollment = null, string? contact = null, int? step = null) =>
            Problems.Add(new PlanProblem(kind, message, enrollment?.Id, contact, step, enrollment?.SequenceName));

        public async Task<Suppression?> FindSuppressionAsync(IEngineStore store, string email, CancellationToken cancellationToken)
        {
            if (!_suppressions.TryGetValue(email, out var suppression))
            {
                suppression = await store.FindSuppressionAsync(email, cancellationToken);
                _suppressions[email] = suppression;
            }

            return suppression;
        }

        public async Task<Lane> LaneAsync(IEngineStore store, Mailbox mailbox, double safetyShare, TimeSpan window, CancellationToken cancellationToken)
        {
            if (!Lanes.TryGetValue(mailbox.Id, out var lane))
            {
                // The sends already in the window count, and so does a hold or pacing time already set on the mailbox.
                var state = await store.GetQuotaStateAsync(mailbox.Id, From - window, cancellationToken);
                lane = new Lane(mailbox, SendWindow.Share(mailbox.DailySendLimit, safetyShare), SequenceWorker.MailboxZone(mailbox), window,
                    state.SendTimes, state.NextSendAt);
                Lanes.Add(mailbox.Id, lane);
            }

            return lane;
        }
    }

    /// <summary>One mailbox's sending budget during the plan: its rolling window of sends and its pacing.</summary>
    private sealed class Lane(Mailbox mailbox, int share, TimeZoneInfo zone, TimeSpan window, IEnumerable<DateTimeOffset> sendTimes,
        DateTimeOffset? nextSendAt)
    {
        private readonly List<DateTimeOffset> _window = [.. sendTimes.Order()];

        public Mailbox Mailbox { get; } = mailbox;

        public int Share { get; } = share;

        public TimeZoneInfo Zone { get; } = zone;

        public DateTimeOffset? NextSendAt { get; private set; } = nextSendAt;

        public SortedDictionary<DateOnly, int> SendsPerDay { get; } = [];

        public List<(DateTimeOffset Due, DateTimeOffset At)> Spills { get; } = [];

        public int SpilledPastHorizon { get; set; }

        public int Blocked { get; set; }

        /// <summary>When the window has room again for a send at <paramref name="at"/>, or null when it has room now.</summary>
        public DateTimeOffset? FreesAt(DateTimeOffset at)
        {
            // The plan's times only grow, so sends that left the window never come back into it.
            var start = at - window;
            var gone = _window.FindIndex(s => s >= start);
            _window.RemoveRange(0, gone < 0 ? _window.Count : gone);
            return SendWindow.FreesAt(_window, Share, window);
        }

        public void Record(DateTimeOffset at, TimeSpan gap)
        {
            _window.Add(at);
            NextSendAt = at + gap;
            var day = LocalDate(at, Zone);
            SendsPerDay[day] = SendsPerDay.GetValueOrDefault(day) + 1;
        }
    }

    /// <summary>One enrollment on its way through the plan, at its next step.</summary>
    private sealed class Pending(Enrollment enrollment, Contact contact, Mailbox mailbox, SequenceDefinition sequence, TimeZoneInfo zone,
        bool zoneKnown, TimeZoneInfo mailboxZone)
    {
        public Enrollment Enrollment { get; } = enrollment;

        public Contact Contact { get; } = contact;

        public Mailbox Mailbox { get; } = mailbox;

        public SequenceDefinition Sequence { get; } = sequence;

        /// <summary>The contact's zone (or the fallback when its <c>timezone</c> field is unknown).</summary>
        public TimeZoneInfo Zone { get; } = zone;

        public bool ZoneKnown { get; } = zoneKnown;

        public TimeZoneInfo MailboxZone { get; } = mailboxZone;

        public int Step { get; set; }

        /// <summary>The earliest time the step may go, as far as decided so far.</summary>
        public DateTimeOffset At { get; set; }

        /// <summary>When the step was ready (in its window, rendered), before pacing and the daily limit.</summary>
        public DateTimeOffset? DueAt { get; set; }

        public RenderedMessage? Message { get; set; }

        public bool Spilled { get; set; }

        /// <summary>The subject of the thread replies go into, once there is one.</summary>
        public string? ThreadSubject { get; set; }

        public DateTimeOffset? LastSentAt { get; set; }
    }
}
