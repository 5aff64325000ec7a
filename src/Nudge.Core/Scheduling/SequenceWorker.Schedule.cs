using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.Schedule;
using Nudge.Core.Sequences;

namespace Nudge.Core.Scheduling;

// When steps are due: the schedule computed after each send, and checked once more just before a send.
public sealed partial class SequenceWorker
{
    private enum StepRecheck
    {
        Send,
        Skipped,
        Deferred,
    }

    /// <summary>The zone a mailbox writes in for contacts and sequences that name none: its own, else UTC.</summary>
    public static TimeZoneInfo MailboxZone(Mailbox mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return ScheduleZones.Find(mailbox.TimeZoneId) ?? TimeZoneInfo.Utc;
    }

    private ScheduleResult ScheduleAfter(SequenceDefinition sequence, int afterStep, DateTimeOffset baseTime, Contact contact, Mailbox mailbox) =>
        StepScheduler.Next(sequence, afterStep, baseTime, _time.GetUtcNow(), contact.Fields, MailboxZone(mailbox));

    /// <summary>
    /// The step's condition and window, once more against now: the contact's fields may have changed since the step was
    /// scheduled (an import, the API), and a resumed, retried or deferred step may have come due outside its window.
    /// </summary>
    private async Task<StepRecheck> RecheckStepAsync(Enrollment enrollment, SequenceDefinition sequence, SequenceStep step, Contact contact,
        Mailbox mailbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (step.Condition is { } condition && !condition.Evaluate(contact.Fields))
        {
            // Skipped steps keep the base of the wait: the last send, or the enrollment.
            var sent = await _store.ListOutboxAsync(enrollment.Id, cancellationToken);
            var baseTime = (sent.Count > 0 ? sent[^1].SentAt : null) ?? enrollment.EnrolledAt ?? now;
            var next = StepScheduler.Next(sequence, step.Number, baseTime, now, contact.Fields, MailboxZone(mailbox));
            var reason = $"when '{condition.Expression}' is false for {contact.Email} now";
            if (next.Problem is { } problem)
            {
                await FailAsync(enrollment, step.Number, problem, null, cancellationToken);
                return StepRecheck.Skipped;
            }

            var nextStep = next.StepNumber ?? sequence.Steps.Count + 1;
            if (await _store.SkipStepsAsync(enrollment.Id, step.Number, nextStep, next.Due, now, cancellationToken))
            {
                await AddEventAsync(enrollment.Id, "skipped", $"step {step.Number}: {reason}", cancellationToken);
                foreach (var skipped in next.Skipped)
                {
                    await AddEventAsync(enrollment.Id, "skipped", $"step {skipped.StepNumber}: {skipped.Reason}", cancellationToken);
                }

                if (next.Due is null)
                {
                    await AddEventAsync(enrollment.Id, "completed", $"all {sequence.Steps.Count} steps done", cancellationToken);
                }

                Log.StepSkipped(_logger, enrollment.Id, step.Number, reason);
            }

            return StepRecheck.Skipped;
        }

        if ((step.Window ?? sequence.Window) is { } window
            && ScheduleZones.TryResolve(contact.Fields, sequence.TimeZone, MailboxZone(mailbox), out var zone, out _))
        {
            var opening = window.NextOpening(now, zone);
            if (opening > now)
            {
                await _store.DeferEnrollmentAsync(enrollment.Id, opening, cancellationToken);
                return StepRecheck.Deferred;
            }
        }

        return StepRecheck.Send;
    }

    /// <summary>When the next step may go after the contact's out-of-office reply (its return date, else the sequence's delay).</summary>
    private static DateTimeOffset OutOfOfficeResumesAt(SequenceDefinition sequence, Enrollment enrollment, Contact contact, Mailbox mailbox,
        DateOnly? returnDate, DateTimeOffset now)
    {
        ScheduleZones.TryResolve(contact.Fields, sequence.TimeZone, MailboxZone(mailbox), out var zone, out _);
        return StepScheduler.DelayForOutOfOffice(sequence, enrollment.NextStep, now, returnDate, zone);
    }
}
