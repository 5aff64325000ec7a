namespace Nudge.Core.Contacts;

/// <summary>The contacts read from a CSV file, and every row that was rejected.</summary>
public sealed record ContactCsvResult(IReadOnlyList<Contact> Contacts, IReadOnlyList<RejectedRow> Rejected);
