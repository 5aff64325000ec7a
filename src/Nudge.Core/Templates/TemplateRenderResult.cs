namespace Nudge.Core.Templates;

/// <summary>
/// The outcome of rendering a template for a contact: the message, or the merge fields the contact lacks. A missing
/// field is an expected outcome (a CSV column left empty), so it is a result rather than an exception.
/// </summary>
public sealed record TemplateRenderResult(RenderedMessage? Message, IReadOnlyList<string> MissingFields)
{
    /// <summary>Whether the template rendered.</summary>
    public bool Succeeded => Message is not null;

    /// <summary>
    /// Says what is missing, naming the template, the fields and the contact, for logs and the enrollment's timeline.
    /// </summary>
    public string DescribeFailure(string templateName, string contactEmail) =>
        $"template '{templateName}' needs {(MissingFields.Count == 1 ? "field" : "fields")} " +
        $"{string.Join(", ", MissingFields.Select(f => $"'{f}'"))} which contact {contactEmail} does not have " +
        "(add the field, or give it a fallback such as {{ " + MissingFields[0] + " | default: \"...\" }})";
}
