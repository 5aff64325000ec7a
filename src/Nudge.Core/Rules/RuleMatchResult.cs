namespace Nudge.Core.Rules;

/// <summary>Whether an inbound message meets a rule's <c>match:</c> conditions, and why.</summary>
/// <param name="IsMatch">Whether every condition the matcher can check holds (the Gmail <c>query</c> is left to the worker).</param>
/// <param name="Reason">
/// The evidence, for logs and the dashboard: on a match every condition and what met it
/// (<c>from nora@x matched *@x; to support@acme.example matched support@*</c>), otherwise the conditions that failed.
/// </param>
public sealed record RuleMatchResult(bool IsMatch, string Reason);
