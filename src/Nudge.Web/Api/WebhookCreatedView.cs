namespace Nudge.Web.Api;

/// <summary>A webhook just made, with its secret: the only time the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="Events">The events it receives.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="Secret">
/// The key of the <c>Nudge-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>, keyed
/// with this string's UTF-8 bytes. Keep it; it is not shown again.
/// </param>
public sealed record WebhookCreatedView(long Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string Secret);
