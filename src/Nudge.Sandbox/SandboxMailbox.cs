namespace Nudge.Sandbox;

/// <summary>A mailbox hosted by a <see cref="GmailSandbox"/>.</summary>
/// <param name="Email">The mailbox's primary address; <c>userId</c> may be this or <c>me</c>.</param>
/// <param name="AccessToken">The bearer token that authenticates calls as this mailbox.</param>
public sealed record SandboxMailbox(string Email, string AccessToken);
