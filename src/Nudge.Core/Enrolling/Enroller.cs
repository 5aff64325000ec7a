using Nudge.Core.Abstractions;
using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;
using Nudge.Core.Schedule;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;

namespace Nudge.Core.Enrolling;

/// <summary>
/// Enrolls contacts in sequences: the one path shared by <c>nudge import</c>, the HTTP API and inbound rules. Checks the
/// address and the suppression list, picks the sending mailbox (a pool's contact sticks to one), resolves an existing
/// thread, schedules the first step, and stores it all; a batch is stored in one transaction, or not at all.
/// </summary>
public sealed class Enroller
{
    private readonly IEngineStore _store;
    private readonly SequenceCatalog _sequences;
    private readonly IGmailClientFactory? _gmail;
    private readonly TimeProvider _time;

    /// <param name="store">Where contacts and enrollments go.</param>
    /// <param name="sequences">The sequences known.</param>
    /// <param name="gmail">Reaches the mailboxes, to resolve a thread by search; may be null when no request names a query.</param>
    /// <param name="timeProvider">The clock.</param>
    public Enroller(IEngineStore store, SequenceCatalog sequences, IGmailClientFactory? gmail, TimeProvider timeProvider)
    {
        _store = store;
        _sequences = sequences;
        _gmail = gmail;
        _time = timeProvider;
    }

    /// <summary>Enrolls one contact (upserting it); enrolling it again in the same sequence returns the existing enrollment.</summary>
    public async Task<EnrollmentResult> EnrollAsync(EnrollmentRequest request, CancellationToken cancellationToken)
    {
        var (contact, prepared) = await PrepareAsync(request, cancellationToken);
        if (prepared.Rejection is { } rejection)
        {
            return new EnrollmentResult(null, null, null, null, null, rejection);
        }

        var stored = await _store.ImportAsync([(contact, prepared.Enrollment)], cancellationToken);
        var (contactId, enrollmentId) = stored[0];
        var enrollment = enrollmentId is { } id ? await _store.GetEnrollmentAsync(id, cancellationToken) : null;
        return new EnrollmentResult(contactId, enrollmentId, enrollment?.NextStep, enrollment?.DueAt, prepared.Mailbox?.Email, null);
    }

    /// <summary>
    /// What <see cref="EnrollAsync"/> would do, without storing anything: the mailbox, the first step and when it is due,
    /// or why the contact would be refused. For showing the plan before enrolling.
    /// </summary>
    /// <returns>A result without ids: <see cref="EnrollmentResult.IsEnrolled"/> is <see langword="false"/>.</returns>
    public async Task<EnrollmentResult> PreviewAsync(EnrollmentRequest request, CancellationToken cancellationToken)
    {
        var (_, prepared) = await PrepareAsync(request, cancellationToken);
        return prepared.Rejection is { } rejection
            ? new EnrollmentResult(null, null, null, null, null, rejection)
            : new EnrollmentResult(null, null, prepared.Enrollment!.FirstStep, prepared.Enrollment.FirstDueAt, prepared.Mailbox?.Email, null);
    }

    /// <summary>
    /// Upserts the contacts read from a CSV file and, when <paramref name="sequenceName"/> is given, enrolls each. A row
    /// that cannot be (a suppressed address, a field the schedule needs) is refused with its line and reason; the rest
    /// is stored in one transaction.
    /// </summary>
    public async Task<ImportResult> ImportAsync(ContactCsvResult csv, string? sequenceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (sequenceName is not null && _sequences.Find(sequenceName) is null)
        {
            throw new ArgumentException($"no sequence named '{sequenceName}' is loaded", nameof(sequenceName));
        }

        if (sequenceName is null)
        {
            return await ImportAsync(AsRows(csv), null, cancellationToken);
        }

        var mailboxes = await _store.ListMailboxesAsync(cancellationToken);
        var rejected = new List<RejectedRow>(csv.Rejected);
        var rows = new List<(Contact, NewEnrollment?)>(csv.Contacts.Count);
        for (var i = 0; i < csv.Contacts.Count; i++)
        {
            var contact = await WithStoredFieldsAsync(csv.Contacts[i], cancellationToken);
            var line = i < csv.Lines.Count ? csv.Lines[i] : 0;
            if (sequenceName is null)
            {
                if (await _store.FindSuppressionAsync(contact.Email, cancellationToken) is { } suppression)
                {
                    rejected.Add(new RejectedRow(line, $"{contact.Email} is on the suppression list ({suppression.Value}: {suppression.Reason})"));
                    continue;
                }

                rows.Add((contact, null));
                continue;
            }

            var prepared = await PrepareAsync(contact, sequenceName, null, null, null, mailboxes, cancellationToken);
            if (prepared.Rejection is { } rejection)
            {
                rejected.Add(new RejectedRow(line, rejection));
                continue;
            }

            rows.Add((contact, prepared.Enrollment));
        }

        var stored = rows.Count == 0 ? [] : await _store.ImportAsync(rows, cancellationToken);
        return new ImportResult(stored.Count, stored.Count(r => r.EnrollmentId is not null), [.. rejected.OrderBy(r => r.Line)]);
    }

    /// <summary>
    /// Imports rows streamed from a CSV file (<see cref="ContactCsvReader.ReadRows"/>), as
    /// <see cref="ImportAsync(ContactCsvResult, string, CancellationToken)"/> does. Without a sequence the rows stream
    /// into the store's one transaction, so that a file of a million rows needs no more memory than a batch of them;
    /// with one, they are read first, since each enrollment is prepared against the store before anything is written.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IEnumerable<ContactCsvRow> rows, string? sequenceName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (sequenceName is not null)
        {
            var contacts = new List<Contact>();
            var lines = new List<int>();
            var refused = new List<RejectedRow>();
            foreach (var row in rows)
            {
                if (row.Contact is { } contact)
                {
                    contacts.Add(contact);
                    lines.Add(row.Line);
                }
                else
                {
                    refused.Add(row.Rejected!);
                }
            }

            return await ImportAsync(new ContactCsvResult(contacts, refused) { Lines = lines }, sequenceName, cancellationToken);
        }

        // The suppression list is read once, before the store's write transaction opens: the rows are checked against it
        // as they stream, with no read per row (and none while the write is under way).
        var suppressions = (await _store.ListSuppressionsAsync(cancellationToken)).ToDictionary(s => s.Value, StringComparer.Ordinal);
        var rejected = new List<RejectedRow>();
        var imported = await _store.ImportContactsAsync(Accepted(), cancellationToken);
        return new ImportResult(imported, 0, [.. rejected.OrderBy(r => r.Line)]);

        IEnumerable<Contact> Accepted()
        {
            foreach (var row in rows)
            {
                if (row.Contact is not { } contact)
                {
                    rejected.Add(row.Rejected!);
                }
                else if (FindSuppression(suppressions, contact.Email) is { } suppression)
                {
                    rejected.Add(new RejectedRow(row.Line, $"{contact.Email} is on the suppression list ({suppression.Value}: {suppression.Reason})"));
                }
                else
                {
                    yield return contact;
                }
            }
        }
    }

    /// <summary>
    /// The mailbox a contact is written from in <paramref name="sequence"/>: the one mailbox it names; in a pool, the pool
    /// mailbox the contact already has an enrollment with, else one chosen by a stable hash of the address (so that the
    /// pool shares contacts out evenly and the choice never moves); with no mailbox named, the only one connected.
    /// </summary>
    public static Mailbox? PickMailbox(SequenceDefinition sequence, string email, IReadOnlyList<Mailbox> mailboxes,
        IReadOnlyCollection<long> contactMailboxIds, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(mailboxes);
        ArgumentNullException.ThrowIfNull(contactMailboxIds);
        problem = null;
        if (sequence.Mailboxes.Count == 0)
        {
            if (mailboxes.Count == 1)
            {
                return mailboxes[0];
            }

            problem = mailboxes.Count == 0
                ? "no mailbox is connected: add one with `nudge mailbox add`"
                : $"sequence '{sequence.Name}' names no mailbox and {mailboxes.Count} are connected: add 'mailbox:' or 'mailboxes:' to it";
            return null;
        }

        var pool = new List<Mailbox>(sequence.Mailboxes.Count);
        foreach (var address in sequence.Mailboxes)
        {
            var mailbox = mailboxes.FirstOrDefault(m => string.Equals(m.Email, address, StringComparison.OrdinalIgnoreCase));
            if (mailbox is null)
            {
                problem = $"sequence '{sequence.Name}' sends from {address}, which is not connected: add it with `nudge mailbox add`";
                return null;
            }

            pool.Add(mailbox);
        }

        if (pool.FirstOrDefault(m => contactMailboxIds.Contains(m.Id)) is { } sticky)
        {
            return sticky;
        }

        return pool[(int)(StableHash(email.Trim().ToLowerInvariant()) % (uint)pool.Count)];
    }

    private async Task<(Contact Contact, Prepared Prepared)> PrepareAsync(EnrollmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mailboxes = await _store.ListMailboxesAsync(cancellationToken);
        var contact = await WithStoredFieldsAsync(new Contact(0, request.Email?.Trim() ?? "", request.Fields), cancellationToken);
        var prepared = await PrepareAsync(contact, request.SequenceName, request.ThreadId, request.ThreadQuery, request.Mailbox, mailboxes,
            cancellationToken);
        return (contact, prepared);
    }

    private async Task<Prepared> PrepareAsync(Contact contact, string sequenceName, string? threadId, string? threadQuery, string? fromMailbox,
        IReadOnlyList<Mailbox> mailboxes, CancellationToken cancellationToken)
    {
        if (!EmailAddress.IsValid(contact.Email))
        {
            return Prepared.Reject(contact.Email.Length == 0 ? "email is empty" : $"email '{contact.Email}' is not a valid address");
        }

        if (_sequences.Find(sequenceName) is not { } sequence)
        {
            return Prepared.Reject($"sequence: no sequence named '{sequenceName}' is loaded");
        }

        if (await _store.FindSuppressionAsync(contact.Email, cancellationToken) is { } suppression)
        {
            return Prepared.Reject($"{contact.Email} is on the suppression list ({suppression.Value}: {suppression.Reason})");
        }

        var existing = await _store.FindContactByAddressAsync(contact.Email, cancellationToken);
        var contactMailboxes = existing is null
            ? []
            : (await _store.ListEnrollmentsForContactAsync(existing.Id, cancellationToken)).Select(e => e.MailboxId).ToHashSet();
        Mailbox mailbox;
        if (fromMailbox is not null)
        {
            // The thread given belongs to this mailbox (Gmail thread ids are per mailbox): the sequence must allow it.
            if (mailboxes.FirstOrDefault(m => string.Equals(m.Email, fromMailbox, StringComparison.OrdinalIgnoreCase)) is not { } given)
            {
                return Prepared.Reject($"mailbox: {fromMailbox} is not connected");
            }

            if (sequence.Mailboxes.Count > 0 && !sequence.Mailboxes.Contains(given.Email, StringComparer.OrdinalIgnoreCase))
            {
                return Prepared.Reject($"mailbox: sequence '{sequence.Name}' does not send from {given.Email}");
            }

            mailbox = given;
        }
        else if (PickMailbox(sequence, contact.Email, mailboxes, contactMailboxes, out var mailboxProblem) is { } picked)
        {
            mailbox = picked;
        }
        else
        {
            return Prepared.Reject(mailboxProblem!);
        }

        if (threadId is null && threadQuery is not null)
        {
            if (_gmail is null)
            {
                return Prepared.Reject("thread_query: no Gmail connection to search with");
            }

            var found = await _gmail.Create(mailbox).ListMessagesAsync(threadQuery, null, false, null, 1, cancellationToken);
            threadId = found.Messages is { Count: > 0 } matches ? matches[0].ThreadId : null;
            if (threadId is null)
            {
                return Prepared.Reject($"thread_query: no message in {mailbox.Email} matches '{threadQuery}'");
            }
        }

        var now = _time.GetUtcNow();
        var schedule = StepScheduler.Next(sequence, 0, now, now, contact.Fields, SequenceWorker.MailboxZone(mailbox));
        if (schedule.Problem is { } problem)
        {
            return Prepared.Reject(problem);
        }

        if (schedule.StepNumber is not { } first || schedule.Due is not { } due)
        {
            return Prepared.Reject($"no step of '{sequence.Name}' applies: {string.Join("; ", schedule.Skipped.Select(s => $"step {s.StepNumber} {s.Reason}"))}");
        }

        return new Prepared(new NewEnrollment(0, sequence.Name, mailbox.Id, first, due, now, threadId), mailbox, null);
    }

    /// <summary>
    /// The contact with the fields it already has under the new ones: enrolling an existing contact again, or a CSV
    /// without some columns, must not erase fields its running steps need. A new value replaces an old one.
    /// </summary>
    private async Task<Contact> WithStoredFieldsAsync(Contact contact, CancellationToken cancellationToken)
    {
        if (contact.Email.Length == 0
            || await _store.FindContactByAddressAsync(contact.Email, cancellationToken) is not { } stored
            || !string.Equals(stored.Email, contact.Email, StringComparison.OrdinalIgnoreCase)
            || stored.Fields.Count == 0)
        {
            return contact;
        }

        var fields = new Dictionary<string, string>(stored.Fields, StringComparer.Ordinal);
        foreach (var (name, value) in contact.Fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields[name] = value;
            }
        }

        return contact with { Fields = fields };
    }

    private static IEnumerable<ContactCsvRow> AsRows(ContactCsvResult csv)
    {
        foreach (var rejected in csv.Rejected)
        {
            yield return new ContactCsvRow(rejected.Line, null, rejected);
        }

        for (var i = 0; i < csv.Contacts.Count; i++)
        {
            yield return new ContactCsvRow(i < csv.Lines.Count ? csv.Lines[i] : 0, csv.Contacts[i], null);
        }
    }

    /// <summary>What <see cref="IEngineStore.FindSuppressionAsync"/> answers, from the list in memory: an address entry wins.</summary>
    private static Suppression? FindSuppression(Dictionary<string, Suppression> suppressions, string email)
    {
        if (suppressions.Count == 0)
        {
            return null;
        }

        return Suppression.KeysFor(email)
            .Select(key => suppressions.GetValueOrDefault(key))
            .OfType<Suppression>()
            .OrderBy(s => s.Kind)
            .ThenBy(s => s.Value, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    // FNV-1a: string.GetHashCode is randomised per process, and the choice must be the same in every worker and every run.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }


    private sealed record Prepared(NewEnrollment? Enrollment, Mailbox? Mailbox, string? Rejection)
    {
        public static Prepared Reject(string reason) => new(null, null, reason);
    }
}
