using System.Text.RegularExpressions;

namespace Nudge.Core.Classification;

/// <summary>
/// Reads the per-recipient fields of an RFC 3464 delivery-status body. Lenient on purpose: real MTAs indent fields,
/// forget the blank line between recipients, or paste the fields into a text/plain part.
/// </summary>
internal static partial class DeliveryStatusParser
{
    public static IReadOnlyList<DsnRecipient> Parse(string text)
    {
        var recipients = new List<DsnRecipient>();
        string? address = null, original = null, action = null, status = null, diagnostic = null;
        var open = false;

        void Flush()
        {
            if (open && (address ?? original ?? action ?? status) is not null)
            {
                var recipient = Email.FromReportField(address) ?? Email.FromReportField(original);
                recipients.Add(new DsnRecipient(recipient, action, status, diagnostic));
            }

            address = original = action = status = diagnostic = null;
            open = false;
        }

        foreach (var (name, value) in Fields(text))
        {
            if (name is null)
            {
                Flush();
                continue;
            }

            switch (name.ToLowerInvariant())
            {
                case "final-recipient":
                    if (address is not null)
                        Flush();
                    address = value;
                    open = true;
                    break;
                case "original-recipient":
                    if (original is not null)
                        Flush();
                    original = value;
                    open = true;
                    break;
                case "action":
                    action = value.Split(' ', ';', '(')[0].Trim().ToLowerInvariant();
                    open = true;
                    break;
                case "status":
                    status = StatusCode().Match(value) is { Success: true } m ? m.Value : null;
                    open = true;
                    break;
                case "diagnostic-code":
                    var semicolon = value.IndexOf(';', StringComparison.Ordinal);
                    diagnostic = Normalize(semicolon >= 0 && semicolon < 16 ? value[(semicolon + 1)..] : value);
                    break;
                default:
                    break;
            }
        }

        Flush();
        return recipients;
    }

    /// <summary>The first enhanced status code (RFC 3463) in some text, such as <c>5.1.1</c>.</summary>
    public static string? FirstStatusCode(string? text) =>
        text is not null && StatusCode().Match(text) is { Success: true } m ? m.Value : null;

    /// <summary>Whether some text carries delivery-status fields (a report pasted into a text part).</summary>
    public static bool LooksLikeReport(string text) => ReportField().IsMatch(text);

    private static string Normalize(string value) => Whitespace().Replace(value, " ").Trim();

    /// <summary>(name, value) per field with continuation lines unfolded; (null, "") for each blank line.</summary>
    private static IEnumerable<(string? Name, string Value)> Fields(string text)
    {
        string? name = null;
        var value = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                if (name is not null)
                    yield return (name, value.Trim());
                name = null;
                yield return (null, "");
                continue;
            }

            if (name is not null && (line[0] == ' ' || line[0] == '\t') && !FieldLine().IsMatch(line))
            {
                value += " " + line.Trim();
                continue;
            }

            if (name is not null)
                yield return (name, value.Trim());
            var match = FieldLine().Match(line);
            (name, value) = match.Success ? (match.Groups["name"].Value, match.Groups["value"].Value) : (null, "");
        }

        if (name is not null)
            yield return (name, value.Trim());
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z][A-Za-z0-9-]{1,40})\s*:\s?(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.]*\d)", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCode();

    [GeneratedRegex("""
        ^\s*(?:Final-Recipient | Original-Recipient)\s*:\s*\S
        """, RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ReportField();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
