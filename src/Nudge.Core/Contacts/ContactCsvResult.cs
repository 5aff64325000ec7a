namespace Nudge.Core.Contacts;

/// <summary>The contacts read from a CSV file, and every row that was rejected.</summary>
public sealed record ContactCsvResult(IReadOnlyList<Contact> Contacts, IReadOnlyList<RejectedRow> Rejected)
{
    /// <summary>The line each of <see cref="Contacts"/> was read from (the last one, when an email came twice), in the same order.</summary>
    public IReadOnlyList<int> Lines { get; init; } = [];
}
