namespace Nudge.Core.Contacts;

/// <summary>
/// The addresses a contact is known by: its email, and those listed in its <c>other_emails</c> field (separated by
/// commas, semicolons or spaces). A reply from any of them is the contact's reply.
/// </summary>
public static class ContactAddresses
{
    /// <summary>The merge field listing a contact's other addresses.</summary>
    public const string OtherEmailsField = "other_emails";

    private static readonly char[] Separators = [',', ';', ' ', '\t'];

    /// <summary>The contact's addresses, lowercased, its email first, without duplicates.</summary>
    public static IReadOnlyList<string> Of(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var addresses = new List<string> { contact.Email.Trim().ToLowerInvariant() };
        if (contact.Fields.TryGetValue(OtherEmailsField, out var others))
        {
            foreach (var other in others.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var key = other.ToLowerInvariant();
                if (key.Contains('@', StringComparison.Ordinal) && !addresses.Contains(key))
                {
                    addresses.Add(key);
                }
            }
        }

        return addresses;
    }
}
