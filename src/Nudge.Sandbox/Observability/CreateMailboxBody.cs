namespace Nudge.Sandbox.Observability;

/// <summary>The body of <c>POST /sandbox/mailboxes</c>; every field is optional.</summary>
internal sealed class CreateMailboxBody
{
    /// <summary>Gets or sets the address; absent: a fresh <c>sandbox-N@sandbox.example</c>.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets <c>gmail</c> (the default) or <c>workspace</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Gets or sets the granted scopes (URLs or short forms); absent: full access.</summary>
    public List<string>? Scopes { get; set; }
}
