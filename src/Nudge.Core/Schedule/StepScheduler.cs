using System.Globalization;
using Nudge.Core.Sequences;

namespace Nudge.Core.Schedule;

/// <summary>
/// Decides which step of a sequence comes next for a contact and when it is due. Pure: every instant is passed in, so
/// the worker, <c>plan</c> and tests get the same answer for the same inputs.
/// </summary>
public static class StepScheduler
{
    /// <summary>
    /// The next step after <paramref name="afterStep"/> and its due time. Walks forward from step
    /// <paramref name="afterStep"/> + 1, passing over steps whose <c>when</c> is false and <c>at</c> steps whose time has
    /// passed under <c>if_past: skip</c>. A <c>wait</c> counts from <paramref name="baseTime"/>, so a skipped step takes
    /// its wait with it. An <c>at</c> step is due at its anchor, or at <paramref name="now"/> when that has passed under
    /// <c>if_past: send</c>. No step is due before <paramref name="baseTime"/>, and the step's window (else the
    /// sequence's) then moves the time to its next opening in the contact's zone.
    /// </summary>
    /// <param name="sequence">The sequence.</param>
    /// <param name="afterStep">0 at enrollment, else the number of the step just sent.</param>
    /// <param name="baseTime">The enrollment time, or the time the step <paramref name="afterStep"/> was sent.</param>
    /// <param name="now">The current time, to tell whether an <c>at</c> time has passed.</param>
    /// <param name="fields">The contact's fields.</param>
    /// <param name="mailboxZone">The sending mailbox's zone, used when neither the contact nor the sequence names one.</param>
    public static ScheduleResult Next(SequenceDefinition sequence, int afterStep, DateTimeOffset baseTime, DateTimeOffset now,
        IReadOnlyDictionary<string, string> fields, TimeZoneInfo mailboxZone)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(mailboxZone);
        if (!ScheduleZones.TryResolve(fields, sequence.TimeZone, mailboxZone, out var zone, out var zoneProblem))
        {
            return ScheduleResult.Failed(zoneProblem, null, []);
        }

        var floor = baseTime.ToUniversalTime();
        var skipped = new List<SkippedStep>();
        for (var number = Math.Max(afterStep, 0) + 1; number <= sequence.Steps.Count; number++)
        {
            var step = sequence.Steps[number - 1];
            if (step.Condition is { } condition && !condition.Evaluate(fields))
            {
                skipped.Add(new SkippedStep(number, $"when '{condition.Expression}' is false"));
                continue;
            }

            DateTimeOffset due;
            if (step.Anchor is { } anchor)
            {
                if (!anchor.TryResolve(fields, zone, sequence.Holidays, out var at, out var problem))
                {
                    return ScheduleResult.Failed($"step {number}: {problem}", number, skipped);
                }

                if (at < now)
                {
                    if ((step.IfPast ?? sequence.IfPast) == PastDueAction.Skip)
                    {
                        var reason = string.Create(CultureInfo.InvariantCulture,
                            $"its time {at:u} ({anchor}) had passed at {now.ToUniversalTime():u} and if_past is skip");
                        skipped.Add(new SkippedStep(number, reason));
                        continue;
                    }

                    at = now;
                }

                due = at;
            }
            else
            {
                due = step.Delay.AddTo(floor, zone, sequence.Holidays);
            }

            // Never before the step that came before it: two steps must not go out of order.
            if (due < floor)
            {
                due = floor;
            }

            if ((step.Window ?? sequence.Window) is { } window)
            {
                due = window.NextOpening(due, zone);
            }

            return ScheduleResult.Scheduled(number, due, skipped);
        }

        return ScheduleResult.Completed(skipped);
    }

    /// <summary>
    /// The earliest time the next step may go after an out-of-office reply: the start of <paramref name="returnDate"/>
    /// (local midnight in <paramref name="zone"/>) when the reply states one, else <paramref name="now"/> plus the
    /// sequence's <c>ooo_delay</c>; never before <paramref name="now"/>, then moved into the step's window. The worker
    /// sends the step at the later of this and the step's own due time.
    /// </summary>
    /// <param name="sequence">The sequence.</param>
    /// <param name="nextStep">The step that waits.</param>
    /// <param name="now">When the auto-reply was seen.</param>
    /// <param name="returnDate">The return date the auto-reply states, if any.</param>
    /// <param name="zone">The contact's zone (<see cref="ScheduleZones.TryResolve"/>).</param>
    /// <returns>A UTC instant (offset zero).</returns>
    public static DateTimeOffset DelayForOutOfOffice(SequenceDefinition sequence, int nextStep, DateTimeOffset now, DateOnly? returnDate,
        TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(zone);
        var resume = returnDate is { } date
            ? WallClock.ToInstant(date.ToDateTime(TimeOnly.MinValue), zone)
            : sequence.StopRules.OooDelay.AddTo(now, zone, sequence.Holidays);
        if (resume < now)
        {
            resume = now.ToUniversalTime();
        }

        var window = sequence.GetStep(nextStep)?.Window ?? sequence.Window;
        return window?.NextOpening(resume, zone) ?? resume;
    }
}
