using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Nudge.Cli.Hosting;
using Nudge.Core.Enrolling;
using Nudge.Core.Sequences;

namespace Nudge.Cli.Commands;

/// <summary>
/// <c>nudge enroll EMAIL --sequence NAME [--field k=v]... [--thread-id ID | --thread-query Q]</c>: enrolls one contact,
/// optionally into an existing Gmail thread (an invoice) found by id or by search.
/// </summary>
/// <remarks>Exit codes: 0 enrolled (now or before); 3 refused (the reason names the field); 2 invalid options.</remarks>
internal static class EnrollCommand
{
    public static Command Create()
    {
        var cli = new CliStore();
        var email = new Argument<string>("EMAIL") { Description = "The contact's address" };
        var sequence = new Option<string>("--sequence") { Description = "The sequence", Required = true };
        var fields = new Option<string[]>("--field") { Description = "A merge field, name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var threadId = new Option<string?>("--thread-id") { Description = "Reply into this existing Gmail thread (e.g. the invoice's)" };
        var threadQuery = new Option<string?>("--thread-query") { Description = "Reply into the newest thread matching this Gmail search (e.g. 'subject:\"Invoice 1042\"')" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("enroll", "Enroll one contact in a sequence") { email, sequence, fields, threadId, threadQuery, json };
        cli.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(fields) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || pair[..eq].Trim().Length == 0)
                {
                    await Console.Error.WriteLineAsync($"nudge enroll: --field '{pair}': write name=value");
                    return 2;
                }

                values[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }

            SequenceCatalog catalog;
            try
            {
                catalog = await cli.LoadSequencesAsync(parse, cancellationToken);
            }
            catch (SequenceFileException ex)
            {
                await Console.Error.WriteLineAsync("nudge enroll: " + ex.Message);
                return 2;
            }

            var time = TimeProvider.System;
            var store = await cli.OpenStoreAsync(parse, time, cancellationToken);
            try
            {
                using var gmail = cli.CreateGmailFactory(parse, store, time);
                var request = new EnrollmentRequest(parse.GetValue(email)!, values, parse.GetValue(sequence)!, parse.GetValue(threadId), parse.GetValue(threadQuery));
                var result = await new Enroller(store, catalog, gmail, time).EnrollAsync(request, cancellationToken);
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new EnrollOutput(result.IsEnrolled, result.ContactId, result.EnrollmentId, result.FirstStep,
                        result.FirstDueAt, result.Mailbox, result.Rejection), CliJsonContext.Default.EnrollOutput));
                }
                else if (result.Rejection is { } rejection)
                {
                    await Console.Error.WriteLineAsync($"nudge enroll: {request.Email}: {rejection}");
                }
                else
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"enrolled {request.Email} in '{request.SequenceName}' (enrollment {result.EnrollmentId}) from {result.Mailbox}: step {result.FirstStep} due {result.FirstDueAt:u}"));
                }

                return result.IsEnrolled ? 0 : 3;
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        });
        return command;
    }
}
