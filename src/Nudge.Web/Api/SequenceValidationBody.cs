namespace Nudge.Web.Api;

/// <summary>
/// The JSON form of <c>POST /api/v1/sequences/validate</c>, for a sequence and its templates together (the body may
/// also be the YAML alone, as <c>application/yaml</c> or <c>text/plain</c>).
/// </summary>
/// <param name="Yaml">The sequence file's text (required).</param>
/// <param name="Templates">Template files by name (<c>intro</c> for <c>templates/intro.liquid</c>): their text, front matter included.</param>
public sealed record SequenceValidationBody(string? Yaml, Dictionary<string, string>? Templates);
