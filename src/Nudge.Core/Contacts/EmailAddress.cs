using MimeKit;

namespace Nudge.Core.Contacts;

/// <summary>The one test of "is this an address Nudge can write to", shared by import, enrollment and the plan.</summary>
public static class EmailAddress
{
    /// <summary>A bare address (no display name) that MimeKit parses whole, with a dotted domain.</summary>
    public static bool IsValid(string email) =>
        email.Length > 0
        && MailboxAddress.TryParse(email, out var address)
        && string.Equals(address.Address, email, StringComparison.OrdinalIgnoreCase)
        && address.Domain.Contains('.', StringComparison.Ordinal);
}
