namespace Nudge.Web.Dashboard.Mailboxes;

/// <summary>The body of the sandbox's <c>POST /sandbox/mailboxes</c>.</summary>
/// <param name="Email">The address to create; <see langword="null"/> lets the sandbox pick one.</param>
/// <param name="Kind"><c>gmail</c> or <c>workspace</c>.</param>
internal sealed record SandboxMailboxRequest(string? Email, string Kind);
