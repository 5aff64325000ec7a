using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;

namespace Nudge.Core.Rules;

/// <summary>
/// Checks an inbound message against a rule's <see cref="InboundRule.Match"/>. Reads headers only, so the worker can
/// decide from a message's metadata before fetching its body. The Gmail <see cref="RuleMatch.Query"/> is not evaluated
/// here: the worker asks Gmail.
/// </summary>
public static class RuleMatcher
{
    private static readonly string[] RecipientHeaders = ["Delivered-To", "X-Original-To"];

    /// <summary>Whether <paramref name="headers"/> meets every condition of <paramref name="rule"/>'s match, with the evidence.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="headers">The inbound message; a body is not needed.</param>
    public static RuleMatchResult Match(InboundRule rule, MimeMessage headers)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(headers);
        var match = rule.Match;
        var met = new List<string>();
        var failed = new List<string>();

        if (match.From.Count > 0)
        {
            var senders = headers.From.Mailboxes.Select(m => m.Address).ToList();
            Check(AddressCondition("from", senders, match.From, "no From address"));
        }

        if (match.To.Count > 0)
        {
            Check(AddressCondition("to", Recipients(headers), match.To, "no To, Cc, Delivered-To or X-Original-To address"));
        }

        if (match.Subject is { } subject)
        {
            Check(SubjectCondition(subject, headers.Subject?.Trim() ?? ""));
        }

        foreach (var (name, patterns) in match.Headers)
        {
            Check(HeaderCondition(name, patterns, headers));
        }

        if (match.Query is { } query)
        {
            met.Add($"query \"{query}\" left to Gmail");
        }

        return failed.Count == 0
            ? new RuleMatchResult(true, string.Join("; ", met))
            : new RuleMatchResult(false, string.Join("; ", failed));

        void Check((bool Ok, string Reason) condition) => (condition.Ok ? met : failed).Add(condition.Reason);
    }

    private static (bool, string) AddressCondition(string label, IReadOnlyList<string> addresses, IReadOnlyList<string> patterns, string none)
    {
        if (addresses.Count == 0)
        {
            return (false, none);
        }

        foreach (var address in addresses)
        {
            if (patterns.FirstOrDefault(p => Glob.IsMatch(p, address)) is { } pattern)
            {
                return (true, $"{label} {address} matched {pattern}");
            }
        }

        return (false, $"{label} {string.Join(", ", addresses)} matched none of {string.Join(", ", patterns)}");
    }

    private static (bool, string) SubjectCondition(Regex pattern, string subject)
    {
        try
        {
            return pattern.IsMatch(subject)
                ? (true, $"subject \"{subject}\" matched {pattern}")
                : (false, $"subject \"{subject}\" did not match {pattern}");
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological pattern must not stall inbox sync; not answering is the safe side.
            return (false, string.Create(CultureInfo.InvariantCulture,
                $"subject pattern {pattern} timed out after {pattern.MatchTimeout.TotalMilliseconds} ms on \"{subject}\", counted as no match"));
        }
    }

    private static (bool, string) HeaderCondition(string name, IReadOnlyList<string> patterns, MimeMessage message)
    {
        var values = message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim()).ToList();
        if (values.Count == 0)
        {
            return (false, $"no {name} header");
        }

        foreach (var value in values)
        {
            if (patterns.FirstOrDefault(p => Glob.IsMatch(p, value)) is { } pattern)
            {
                return (true, $"{name}: {value} matched {pattern}");
            }
        }

        return (false, $"{name}: {string.Join(", ", values)} matched none of {string.Join(", ", patterns)}");
    }

    /// <summary>Every address the message was delivered to, in header order, without repeats.</summary>
    private static List<string> Recipients(MimeMessage message)
    {
        var addresses = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).ToList();
        foreach (var header in message.Headers.Where(h => RecipientHeaders.Contains(h.Field, StringComparer.OrdinalIgnoreCase)))
        {
            // Delivered-To is a bare address, sometimes in angle brackets; parse it as a list to accept both.
            if (InternetAddressList.TryParse(header.Value, out var list) && list.Mailboxes.Any())
            {
                addresses.AddRange(list.Mailboxes.Select(m => m.Address));
            }
            else if (header.Value.Trim() is { Length: > 0 } raw)
            {
                addresses.Add(raw.Trim('<', '>'));
            }
        }

        return [.. addresses.Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
