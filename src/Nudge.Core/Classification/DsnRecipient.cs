namespace Nudge.Core.Classification;

/// <summary>One per-recipient group of an RFC 3464 delivery-status report; every field as found, or null.</summary>
internal sealed record DsnRecipient(string? Address, string? Action, string? Status, string? Diagnostic)
{
    public bool IsFailure => Action is null or "failed" or "delayed";
}
