namespace Nudge.Core.GmailApi;

/// <summary>A Gmail draft: its own id (not the message's) and the message it holds.</summary>
/// <param name="Id">The draft id, for <c>drafts.get</c>, <c>drafts.send</c> and <c>drafts.delete</c>.</param>
/// <param name="Message">The draft's message; labelled <c>DRAFT</c>.</param>
public sealed record GmailDraft(string Id, GmailMessage? Message);
