using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrollments;
using Nudge.Core.Sequences;
using Spectre.Console;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge status [--json] [--sequence NAME] [--contact EMAIL]</c>: each enrollment with its contact, sequence, step
/// reached, next due time, thread id, state and why.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var cli = new CliStore();
        var json = new Option<bool>("--json") { Description = "Print the enrollments as JSON" };
        var sequence = new Option<string?>("--sequence") { Description = "Only this sequence's enrollments" };
        var contact = new Option<string?>("--contact") { Description = "Only this contact's enrollments" };
        var command = new Command("status", "Show each enrollment: contact, sequence, step, next due time, thread, state and why")
        {
            json, sequence, contact,
        };
        cli.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await cli.OpenStoreAsync(parse, TimeProvider.System, cancellationToken);
            try
            {
                // Sequence files are optional here: without them the step count is unknown, nothing else.
                SequenceCatalog? catalog = null;
                try
                {
                    catalog = await cli.LoadSequencesAsync(parse, cancellationToken);
                }
                catch (SequenceFileException)
                {
                }

                var contacts = (await store.ListContactsAsync(cancellationToken)).ToDictionary(c => c.Id);
                var mailboxes = (await store.ListMailboxesAsync(cancellationToken)).ToDictionary(m => m.Id);
                var pausedSequences = (await store.ListPausedSequencesAsync(cancellationToken)).ToDictionary(p => p.Name, StringComparer.Ordinal);
                var lines = new List<StatusLine>();
                foreach (var e in await store.ListEnrollmentsAsync(cancellationToken))
                {
                    var email = contacts.TryGetValue(e.ContactId, out var c) ? c.Email : $"contact {e.ContactId}";
                    if ((parse.GetValue(sequence) is { } onlySequence && !string.Equals(onlySequence, e.SequenceName, StringComparison.Ordinal))
                        || (parse.GetValue(contact) is { } onlyContact && !string.Equals(onlyContact, email, StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

                    var mailbox = mailboxes.GetValueOrDefault(e.MailboxId);
                    var (state, why) = e switch
                    {
                        { IsActive: true, IsPaused: true } => ("paused", e.PausedReason),
                        { IsActive: true } when pausedSequences.TryGetValue(e.SequenceName, out var p) => ("paused", $"sequence paused: {p.Reason}"),
                        { IsActive: true } when mailbox is { Status: Core.Abstractions.MailboxStatus.Paused } => ("paused", $"mailbox paused: {mailbox.PausedReason}"),
                        { IsActive: true } => ("active", e.Attempts > 0 ? $"{e.Attempts} refused attempts at this step" : null),
                        _ => (EnrollmentStates.Name(e.Status), e.StatusReason),
                    };
                    var steps = catalog?.Find(e.SequenceName)?.Steps.Count ?? 0;
                    lines.Add(new StatusLine(e.Id, email, e.SequenceName, mailbox?.Email ?? $"mailbox {e.MailboxId}",
                        e.IsActive ? e.NextStep : e.NextStep - 1, steps, e.DueAt, e.ThreadId, state, why));
                }

                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize<IReadOnlyList<StatusLine>>(lines, CliJsonContext.Default.IReadOnlyListStatusLine));
                    return 0;
                }

                var table = new Table().AddColumns("#", "Contact", "Sequence", "Step", "Next due (UTC)", "State", "Why", "Thread");
                foreach (var l in lines)
                {
                    var color = l.State switch { "active" => "green", "paused" => "yellow", "completed" => "blue", "replied" => "aqua", _ => "red" };
                    table.AddRow(
                        l.Enrollment.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(l.Contact),
                        Markup.Escape(l.Sequence),
                        l.Steps > 0 ? $"{l.Step}/{l.Steps}" : l.Step.ToString(CultureInfo.InvariantCulture),
                        l.NextDueAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
                        $"[{color}]{l.State}[/]",
                        Markup.Escape(l.Why ?? ""),
                        Markup.Escape(l.ThreadId ?? ""));
                }

                AnsiConsole.Write(table);
                var byState = string.Join(", ", lines.GroupBy(l => l.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
                AnsiConsole.MarkupLine($"{lines.Count} enrollments{(lines.Count > 0 ? ": " + byState : "")}");
                return 0;
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
