namespace Nudge.IntegrationTests.Support;

/// <summary>A Content-Security-Policy violation a page reported (its <c>securitypolicyviolation</c> event).</summary>
/// <param name="Directive">The directive that refused, e.g. <c>script-src-elem</c> (the event's <c>effectiveDirective</c>).</param>
/// <param name="BlockedUri">What was refused: a URL, or <c>inline</c>, <c>eval</c>, <c>data</c>.</param>
/// <param name="Sample">The first characters of a refused inline script or style, when the policy reports samples.</param>
/// <param name="DocumentUri">The document (page or frame) that made the request.</param>
public sealed record ChromiumCspViolation(string Directive, string BlockedUri, string? Sample, string DocumentUri)
{
    public override string ToString() => $"{Directive} refused {BlockedUri} in {DocumentUri}" + (Sample is { Length: > 0 } ? $": {Sample}" : "");
}
