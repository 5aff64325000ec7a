namespace Nudge.Core.Contacts;

/// <summary>A CSV row that was not imported, with its 1-based line number in the file and why.</summary>
public sealed record RejectedRow(int Line, string Reason);
