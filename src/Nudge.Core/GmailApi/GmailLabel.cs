namespace Nudge.Core.GmailApi;

/// <summary>A Gmail label. <c>labels.list</c> returns no counts; they come with <c>labels.get</c> only.</summary>
/// <param name="Id">System labels use their name (<c>SENT</c>, <c>INBOX</c>); user labels an opaque id such as <c>Label_1</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Type"><c>system</c> or <c>user</c>.</param>
/// <param name="MessageListVisibility"><c>show</c> or <c>hide</c>.</param>
/// <param name="LabelListVisibility"><c>labelShow</c>, <c>labelShowIfUnread</c> or <c>labelHide</c>.</param>
/// <param name="MessagesTotal">The number of messages, when returned.</param>
/// <param name="MessagesUnread">The number of unread messages, when returned.</param>
public sealed record GmailLabel(
    string Id,
    string Name,
    string? Type = null,
    string? MessageListVisibility = null,
    string? LabelListVisibility = null,
    int? MessagesTotal = null,
    int? MessagesUnread = null);
