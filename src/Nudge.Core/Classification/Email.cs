using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>Finding mail addresses in free text, as bounce notices write them.</summary>
internal static partial class Email
{
    /// <summary>The first address in a field value such as <c>rfc822; &lt;Jo@Example.com&gt;</c>, lowercased.</summary>
    public static string? Clean(string? value) =>
        value is not null && Address().Match(value) is { Success: true } m ? m.Value.ToLowerInvariant() : null;

    /// <summary>
    /// The address a delivery-report field names (<c>rfc822; &lt;jo@example.com&gt;</c>), lowercased. The field names
    /// the recipient outright, so any <c>local@domain</c> is taken, even one that <see cref="Address"/> would not pick
    /// out of prose: internal hosts and anonymised reports use single-label or one-letter top-level domains (<c>a@b.c</c>).
    /// </summary>
    public static string? FromReportField(string? value)
    {
        if (value is null)
            return null;
        if (Clean(value) is { } address)
            return address;
        var bare = value[(value.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>', '"').Trim();
        return ReportFieldAddress().IsMatch(bare) ? bare.ToLowerInvariant() : null;
    }

    /// <summary>
    /// Addresses as they appear in bounce text. '=' is left out of local parts on purpose: X.400 gateways write
    /// <c>SMTP=Jo@example.com</c>, and a failed recipient is never a VERP address.
    /// </summary>
    [GeneratedRegex("""
        (?<![\w.%+'!&-])[\w%+'!&-]+(?:\.[\w%+'!&-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])
        """, RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    public static partial Regex Address();

    [GeneratedRegex("""^[^\s@<>;,"]+@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$""", RegexOptions.CultureInvariant)]
    private static partial Regex ReportFieldAddress();

    /// <summary>Local parts of the mailboxes mail software sends bounce notices from.</summary>
    [GeneratedRegex(@"^(?:mailer[-_.]?daemon|postmaster|post_master|mail[-_.]?delivery[-_.]?(?:system|subsystem)?|mdaemon)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MailerLocalPart();

    /// <summary>
    /// Local parts of role mailboxes that a notice mentions in passing ("please contact postmaster@…") and that are
    /// not the recipient that failed. Wider than <see cref="MailerLocalPart"/>: a webmaster may write to us in person.
    /// </summary>
    [GeneratedRegex("""
        ^(?:mailer[-_.]?daemon|postmaster|post_master|mail[-_.]?delivery[-_.]?(?:system|subsystem)?|mdaemon
          |abuse|hostmaster|webmaster|root|noc)$
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    public static partial Regex SystemLocalPart();
}
