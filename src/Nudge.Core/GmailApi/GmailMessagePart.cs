namespace Nudge.Core.GmailApi;

/// <summary>A node of a message's MIME tree, in Gmail's shape.</summary>
public sealed record GmailMessagePart(
    string? PartId,
    string? MimeType,
    string? Filename,
    IReadOnlyList<GmailHeader>? Headers,
    GmailMessagePartBody? Body,
    IReadOnlyList<GmailMessagePart>? Parts);
