namespace Nudge.Core.Enrolling;

/// <summary>One contact to enroll in a sequence, from the CLI, the HTTP API or an inbound rule.</summary>
/// <param name="Email">The contact's address.</param>
/// <param name="Fields">Its merge fields (upserted with the contact); blank values are dropped.</param>
/// <param name="SequenceName">The sequence.</param>
/// <param name="ThreadId">A Gmail thread Nudge did not start, to reply into (an invoice thread).</param>
/// <param name="ThreadQuery">Or a Gmail search that finds that thread, resolved now (the newest match wins).</param>
/// <param name="Mailbox">
/// The mailbox to write from instead of the sequence's choice: the one the thread belongs to (an inbound rule's), since a
/// Gmail thread id means nothing in another mailbox. The sequence must send from it.
/// </param>
public sealed record EnrollmentRequest(
    string Email,
    IReadOnlyDictionary<string, string> Fields,
    string SequenceName,
    string? ThreadId = null,
    string? ThreadQuery = null,
    string? Mailbox = null);
