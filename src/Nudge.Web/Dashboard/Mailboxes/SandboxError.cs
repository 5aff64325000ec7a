namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>An error body of the sandbox's admin endpoints (<c>{"error": "…"}</c>), read when there is one.</summary>
internal sealed record SandboxError(string? Error, string? Message);
