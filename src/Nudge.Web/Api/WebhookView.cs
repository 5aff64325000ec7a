namespace Nudge.Web.Api;

/// <summary>A webhook as the API lists it (its secret is shown once, when it is made: <see cref="WebhookCreatedView"/>).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="Events">The events it receives.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record WebhookView(long Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);
