using Nudge.Core.Contacts;
using Nudge.Core.Enrollments;
using Nudge.Core.GmailApi;

namespace Nudge.IntegrationTests.Support;

/// <summary>One contact of an example after its run: what <c>nudge status</c> shows, and its mail as Gmail has it.</summary>
/// <param name="Contact">The stored contact.</param>
/// <param name="Enrollment">Its one enrollment.</param>
/// <param name="Sent">The steps sent to it, in order.</param>
/// <param name="Threads">Every Gmail thread its steps went to (and the enrollment's own), by id, oldest message first.</param>
/// <param name="Events">Its timeline.</param>
/// <param name="Zone">The zone its windows and business days are counted in.</param>
/// <param name="Suppression">Its suppression-list entry, if it is on the list.</param>
internal sealed record ExampleContact(
    Contact Contact,
    Enrollment Enrollment,
    IReadOnlyList<OutboxEntry> Sent,
    IReadOnlyDictionary<string, IReadOnlyList<GmailMessage>> Threads,
    IReadOnlyList<EnrollmentEvent> Events,
    TimeZoneInfo Zone,
    Suppression? Suppression)
{
    public string Email => Contact.Email;

    /// <summary>The step numbers sent, in order.</summary>
    public IReadOnlyList<int> StepsSent => [.. Sent.Select(s => s.Step)];

    /// <summary>The enrollment's thread (the first step's, or the existing one it was enrolled into).</summary>
    public IReadOnlyList<GmailMessage> Thread => Threads[Enrollment.ThreadId.ShouldNotBeNull($"{Email} has a thread")];

    /// <summary>When each step went out, on the contact's wall clock.</summary>
    public IReadOnlyList<DateTime> LocalSentAt => [.. Sent.Select(s => TimeZoneInfo.ConvertTime(s.SentAt!.Value, Zone).DateTime)];

    /// <summary>The message Gmail holds for a sent step.</summary>
    public GmailMessage Message(OutboxEntry sent) =>
        Threads[sent.GmailThreadId!].Single(m => m.Id == sent.GmailMessageId);

    /// <summary>The timeline's events of one kind.</summary>
    public IReadOnlyList<EnrollmentEvent> EventsOf(string kind) => [.. Events.Where(e => e.Kind == kind)];
}
