namespace Nudge.Core.Enrollments;

/// <summary>An address or a domain Nudge never writes to: checked at enrollment and again just before every send.</summary>
/// <param name="Value">The lowercased address, or the lowercased domain.</param>
/// <param name="Kind">Address or domain.</param>
/// <param name="Reason">Why, in words: "hard bounce", "unsubscribed", or the user's own note.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record Suppression(string Value, SuppressionKind Kind, string Reason, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Reads a user's entry: <c>ann@example.com</c> is an address, <c>example.com</c> or <c>@example.com</c> a domain.
    /// </summary>
    /// <exception cref="FormatException">It is neither.</exception>
    public static Suppression Parse(string text, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        if (value.StartsWith('@'))
        {
            value = value[1..];
        }

        if (value.Contains('@', StringComparison.Ordinal))
        {
            var at1 = value.IndexOf('@', StringComparison.Ordinal);
            if (at1 == 0 || at1 != value.LastIndexOf('@') || !IsDomain(value[(at1 + 1)..]))
            {
                throw new FormatException($"'{text}' is not an email address or a domain");
            }

            return new Suppression(value, SuppressionKind.Address, reason, at);
        }

        return IsDomain(value)
            ? new Suppression(value, SuppressionKind.Domain, reason, at)
            : throw new FormatException($"'{text}' is not an email address or a domain");
    }

    /// <summary>The entries that would block <paramref name="email"/>: the address itself, its domain and each parent domain.</summary>
    public static IReadOnlyList<string> KeysFor(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var address = email.Trim().ToLowerInvariant();
        var keys = new List<string> { address };
        var at = address.LastIndexOf('@');
        if (at >= 0)
        {
            var domain = address[(at + 1)..];
            while (domain.Contains('.', StringComparison.Ordinal))
            {
                keys.Add(domain);
                domain = domain[(domain.IndexOf('.', StringComparison.Ordinal) + 1)..];
            }
        }

        return keys;
    }

    private static bool IsDomain(string value) =>
        value.Length is > 2 and < 254
        && value.Contains('.', StringComparison.Ordinal)
        && !value.StartsWith('.')
        && !value.EndsWith('.')
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}
