namespace Nudge.Sandbox.Observability;

/// <summary>
/// The sandbox's installed-app OAuth client, as <c>GET /sandbox/oauth-client</c> answers, with the endpoints a client
/// library needs in place of Google's (the names follow the "installed" section of a Google client secrets file).
/// </summary>
internal sealed record OAuthClientInfo(string ClientId, string ClientSecret, string AuthUri, string TokenUri, IReadOnlyList<string> RedirectUris);
