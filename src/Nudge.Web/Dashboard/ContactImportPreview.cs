using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrolling;
using Nudge.Core.Enrollments;
using Nudge.Core.Sequences;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The rows of a checked CSV the import would refuse beyond the reader's own refusals, found without storing anything:
/// <see cref="Enroller.ImportAsync(Nudge.Core.Contacts.ContactCsvResult, string, CancellationToken)"/> has no dry run, so this repeats its cheap checks (the suppression list, and the
/// sending mailbox when a sequence is chosen). The import's own refusals, shown after it, are the final word.
/// </summary>
/// <param name="Refusals">The rows expected to be refused, by line.</param>
/// <param name="Problem">Why no row could be enrolled at all (no mailbox for the sequence), or <see langword="null"/>.</param>
public sealed record ContactImportPreview(IReadOnlyList<RejectedRow> Refusals, string? Problem)
{
    /// <summary>Checks <paramref name="csv"/> against the store, read-only.</summary>
    /// <param name="store">The suppression list and mailboxes.</param>
    /// <param name="sequences">The sequences loaded.</param>
    /// <param name="csv">What the reader accepted.</param>
    /// <param name="sequenceName">The sequence to enroll into, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<ContactImportPreview> CreateAsync(IEngineStore store, SequenceCatalog? sequences, ContactCsvResult csv,
        string? sequenceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(csv);
        string? problem = null;
        SequenceDefinition? sequence = null;
        IReadOnlyList<Mailbox> mailboxes = [];
        if (sequenceName is not null)
        {
            sequence = sequences?.Find(sequenceName);
            if (sequence is null)
            {
                problem = $"No sequence named '{sequenceName}' is loaded.";
            }
            else
            {
                mailboxes = await store.ListMailboxesAsync(cancellationToken);
            }
        }

        // One read of the list, matched in memory with the same keys the store matches (the address and its domains).
        var suppressions = (await store.ListSuppressionsAsync(cancellationToken)).ToDictionary(s => s.Value, StringComparer.OrdinalIgnoreCase);
        var refusals = new List<RejectedRow>();
        for (var i = 0; i < csv.Contacts.Count; i++)
        {
            var email = csv.Contacts[i].Email;
            var line = i < csv.Lines.Count ? csv.Lines[i] : 0;
            if (Suppression.KeysFor(email).Select(suppressions.GetValueOrDefault).FirstOrDefault(s => s is not null) is { } suppression)
            {
                refusals.Add(new RejectedRow(line, $"{email} is on the suppression list ({suppression.Value}: {suppression.Reason})"));
                continue;
            }

            if (sequence is not null && problem is null)
            {
                Enroller.PickMailbox(sequence, email, mailboxes, [], out var mailboxProblem);
                problem = mailboxProblem;
            }
        }

        return new ContactImportPreview([.. refusals.OrderBy(r => r.Line)], problem);
    }
}
