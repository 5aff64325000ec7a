namespace Nudge.Core.GmailApi;

/// <summary>The body of a message part: <c>data</c> is base64url, usually unpadded.</summary>
public sealed record GmailMessagePartBody(int Size, string? Data = null, string? AttachmentId = null);
