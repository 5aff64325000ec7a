using System.CommandLine;
using Nudge.Cli.Hosting;
using Nudge.Core.Abstractions;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge pause|resume (--contact EMAIL | --sequence NAME | --mailbox EMAIL | --enrollment ID)</c>: stops and restarts
/// sending per contact, per sequence, per mailbox or per enrollment. A paused step stays where it was; on resume it is
/// sent when due (at once if it fell due meanwhile, inside its send window).
/// </summary>
/// <remarks>Exit codes: 0 done; 1 nothing matched; 2 invalid options.</remarks>
internal static class PauseCommand
{
    public static Command Create(bool pause)
    {
        var cli = new CliStore();
        var contact = new Option<string?>("--contact") { Description = "Every enrollment of the contact with this address" };
        var sequence = new Option<string?>("--sequence") { Description = "The whole sequence, enrollments to come included" };
        var mailbox = new Option<string?>("--mailbox") { Description = "Everything sent from this mailbox" };
        var enrollment = new Option<long?>("--enrollment") { Description = "One enrollment, by the id `nudge status` shows" };
        var reason = new Option<string?>("--reason") { Description = "Why (shown by `nudge status`)" };
        var command = pause
            ? new Command("pause", "Pause sending to a contact, of a sequence, from a mailbox, or of one enrollment") { contact, sequence, mailbox, enrollment, reason }
            : new Command("resume", "Resume what `nudge pause` paused") { contact, sequence, mailbox, enrollment };
        cli.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = pause ? "pause" : "resume";
            var chosen = new object?[] { parse.GetValue(contact), parse.GetValue(sequence), parse.GetValue(mailbox), parse.GetValue(enrollment) }
                .Count(v => v is not null);
            if (chosen != 1)
            {
                await Console.Error.WriteLineAsync($"nudge {name}: give exactly one of --contact, --sequence, --mailbox or --enrollment");
                return 2;
            }

            var time = TimeProvider.System;
            var now = time.GetUtcNow();
            var why = parse.GetValue(reason) ?? "paused by hand";
            var store = await cli.OpenStoreAsync(parse, time, cancellationToken);
            try
            {
                var (changed, what) = await ApplyAsync(store, pause, parse.GetValue(contact), parse.GetValue(sequence), parse.GetValue(mailbox),
                    parse.GetValue(enrollment), why, now, cancellationToken);
                if (changed == 0)
                {
                    await Console.Error.WriteLineAsync($"nudge {name}: {what}: nothing to {name}");
                    return 1;
                }

                Console.WriteLine($"{(pause ? "paused" : "resumed")} {what}");
                return 0;
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static async Task<(int Changed, string What)> ApplyAsync(IEngineStore store, bool pause, string? contact, string? sequence,
        string? mailbox, long? enrollment, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (contact is not null)
        {
            if (await store.FindContactByAddressAsync(contact, cancellationToken) is not { } found)
            {
                return (0, $"no contact {contact}");
            }

            var count = pause
                ? await store.PauseEnrollmentsAsync(null, found.Id, reason, now, cancellationToken)
                : await store.ResumeEnrollmentsAsync(null, found.Id, cancellationToken);
            return (count, $"{count} enrollments of {found.Email}");
        }

        if (enrollment is { } id)
        {
            var count = pause
                ? await store.PauseEnrollmentsAsync(id, null, reason, now, cancellationToken)
                : await store.ResumeEnrollmentsAsync(id, null, cancellationToken);
            return (count, $"enrollment {id}");
        }

        if (sequence is not null)
        {
            // A misspelt name would pause nothing while the real sequence kept sending: only a sequence with enrollments
            // (or already paused) can be paused.
            var known = (await store.ListEnrollmentsAsync(cancellationToken)).Any(e => e.SequenceName == sequence)
                || (await store.ListPausedSequencesAsync(cancellationToken)).Any(p => p.Name == sequence);
            if (!known)
            {
                return (0, $"no enrollment in a sequence named '{sequence}'");
            }

            if (pause)
            {
                await store.PauseSequenceAsync(sequence, reason, now, cancellationToken);
                return (1, $"sequence '{sequence}'");
            }

            return (await store.ResumeSequenceAsync(sequence, cancellationToken) ? 1 : 0, $"sequence '{sequence}'");
        }

        var box = (await store.ListMailboxesAsync(cancellationToken))
            .FirstOrDefault(m => string.Equals(m.Email, mailbox, StringComparison.OrdinalIgnoreCase));
        if (box is null)
        {
            return (0, $"no mailbox {mailbox}");
        }

        if (pause == (box.Status == MailboxStatus.Paused))
        {
            return (0, $"mailbox {box.Email} (already {(pause ? "paused" : "active")})");
        }

        if (pause)
        {
            await store.PauseMailboxAsync(box.Id, reason, now, cancellationToken);
        }
        else
        {
            await store.ResumeMailboxAsync(box.Id, cancellationToken);
        }

        return (1, $"mailbox {box.Email}");
    }
}
