namespace Nudge.Core.Templates;

/// <summary>A template rendered for one contact.</summary>
/// <param name="Subject">The rendered subject, or <see langword="null"/> when the template has none.</param>
/// <param name="Text">The <c>text/plain</c> body: the rendered Markdown source, readable as it is.</param>
/// <param name="Html">The <c>text/html</c> body: the Markdown rendered to HTML, with merge values HTML-encoded.</param>
public sealed record RenderedMessage(string? Subject, string Text, string Html);
