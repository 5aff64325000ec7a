namespace Nudge.Web.Push;

/// <summary>What one Gmail push says: this mailbox changed, up to this history id.</summary>
/// <param name="EmailAddress">The mailbox.</param>
/// <param name="HistoryId">Its history id after the change (not a checkpoint to read from: the stored one is).</param>
public sealed record GmailPushNotification(string EmailAddress, ulong HistoryId);
