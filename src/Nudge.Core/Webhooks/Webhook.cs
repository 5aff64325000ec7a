namespace Nudge.Core.Webhooks;

/// <summary>A URL that hears about enrollment events (a reply, a bounce…), each delivery signed with its secret.</summary>
/// <param name="Id">Store id; 0 before it is stored.</param>
/// <param name="Url">Where the events are POSTed (http or https).</param>
/// <param name="Secret">The HMAC key of <see cref="WebhookSignature"/>; shown to the user once, when the webhook is made.</param>
/// <param name="Events">The event types it receives, a subset of <see cref="WebhookEvents.All"/>.</param>
/// <param name="CursorEventId">The last event (<c>events.id</c>) considered for it: only later events are delivered.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="DisabledAt">When it was deleted; a deleted webhook receives nothing more.</param>
public sealed record Webhook(long Id, string Url, string Secret, IReadOnlyList<string> Events, long CursorEventId, DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt)
{
    /// <summary>Whether it still receives events.</summary>
    public bool IsActive => DisabledAt is null;

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"Webhook {{ Id = {Id}, Url = {Url}, Events = {string.Join(",", Events)} }}";
}
