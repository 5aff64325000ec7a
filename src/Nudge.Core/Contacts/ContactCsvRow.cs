namespace Nudge.Core.Contacts;

/// <summary>One data row of a contacts CSV file, as <see cref="ContactCsvReader.ReadRows"/> streams them: a contact, or why the row was refused.</summary>
/// <param name="Line">The row's 1-based line number in the file.</param>
/// <param name="Contact">The contact read, when the row is good.</param>
/// <param name="Rejected">Why the row was refused, when it is bad.</param>
public sealed record ContactCsvRow(int Line, Contact? Contact, RejectedRow? Rejected);
