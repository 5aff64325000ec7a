namespace Nudge.Cli.Sandbox;

/// <summary>One line of <c>nudge sandbox</c>'s start-up output: how a client reaches one mailbox.</summary>
internal sealed record SandboxMailboxLine(
    string Email,
    string BaseUrl,
    string TokenUrl,
    string AccessToken,
    string RefreshToken,
    string ClientId,
    string ClientSecret,
    string Kind);
