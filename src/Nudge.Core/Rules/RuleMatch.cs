using System.Text.RegularExpressions;

namespace Nudge.Core.Rules;

/// <summary>
/// The <c>match:</c> section of a rule file: which inbound messages a rule answers. Every condition given must hold;
/// a condition left out (empty or <see langword="null"/>) holds for every message.
/// </summary>
public sealed record RuleMatch
{
    /// <summary>How long the <see cref="Subject"/> pattern may run on one subject before it counts as no match.</summary>
    public static readonly TimeSpan SubjectTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A Gmail search (<c>-category:promotions has:nouserlabels</c>) that the worker asks Gmail to check, or
    /// <see langword="null"/>. <see cref="RuleMatcher"/> does not evaluate it.
    /// </summary>
    public string? Query { get; init; }

    /// <summary>
    /// Glob patterns (<c>*</c>, <c>?</c>, case-insensitive) of which the sender's (From) address must meet one; empty for any sender.
    /// </summary>
    public IReadOnlyList<string> From { get; init; } = [];

    /// <summary>
    /// Glob patterns of which one address in To, Cc, Delivered-To or X-Original-To must meet one; empty for any recipient.
    /// </summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>
    /// A .NET pattern the subject must contain a match of, built with <see cref="SubjectTimeout"/>, or <see langword="null"/>.
    /// Case-sensitive unless it says <c>(?i)</c>.
    /// </summary>
    public Regex? Subject { get; init; }

    /// <summary>
    /// Header name (case-insensitive) → glob patterns of which one value of that header must meet one; empty for no
    /// header condition. A header that is absent meets none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether no condition is given at all (a rule file never has such a match).</summary>
    public bool IsEmpty => Query is null && From.Count == 0 && To.Count == 0 && Subject is null && Headers.Count == 0;
}
