namespace Nudge.Web.Dashboard;

/// <summary>
/// A template rendered for the preview of the templates page: the message, or why there is none (the template does
/// not parse, or the contact lacks fields it needs).
/// </summary>
/// <param name="For">Whom it was rendered for, such as <c>ann@globex.example</c> or <c>sample fields</c>.</param>
/// <param name="Subject">The rendered subject, or <see langword="null"/> when the template has none or did not render.</param>
/// <param name="Text">The <c>text/plain</c> part, or <see langword="null"/> when it did not render.</param>
/// <param name="Html">The <c>text/html</c> part, or <see langword="null"/> when it did not render.</param>
/// <param name="MissingFields">The fields the template needs and the contact lacks.</param>
/// <param name="Error">Why the template does not parse, naming the line, or <see langword="null"/>.</param>
public sealed record TemplatePreview(string For, string? Subject, string? Text, string? Html, IReadOnlyList<string> MissingFields, string? Error)
{
    /// <summary>Whether there is a message to show.</summary>
    public bool Rendered => Text is not null;
}
