namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>What the sandbox's <c>POST /sandbox/mailboxes</c> answers (201). <see cref="ToString"/> prints no secret.</summary>
internal sealed record SandboxMailboxCreated(
    string? Email,
    string? BaseUrl,
    string? TokenUrl,
    string? AccessToken,
    string? RefreshToken,
    string? ClientId,
    string? ClientSecret,
    string? Kind)
{
    public override string ToString() => $"SandboxMailboxCreated {{ Email = {Email}, Kind = {Kind}, BaseUrl = {BaseUrl} }}";
}
