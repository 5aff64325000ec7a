namespace Nudge.Sandbox;

/// <summary>A mailbox hosted by a <see cref="GmailSandbox"/>.</summary>
/// <param name="Email">The mailbox's primary address; <c>userId</c> may be this or <c>me</c>.</param>
/// <param name="AccessToken">
/// The bearer token that authenticates calls as this mailbox, with the mailbox's scopes. Unlike a real Google access
/// token it never expires: the demo runs a simulated week on it. Tokens minted by <c>POST /token</c> do expire.
/// </param>
/// <param name="RefreshToken">The refresh token to send to the sandbox's <c>POST /token</c>.</param>
/// <param name="ClientId">The OAuth client id that goes with <paramref name="RefreshToken"/>.</param>
/// <param name="ClientSecret">The OAuth client secret that goes with <paramref name="RefreshToken"/>.</param>
/// <param name="Kind">The account kind, which sets the default daily sending limit.</param>
public sealed record SandboxMailbox(
    string Email,
    string AccessToken,
    string RefreshToken = "",
    string ClientId = "",
    string ClientSecret = "",
    SandboxAccountKind Kind = SandboxAccountKind.Gmail);
