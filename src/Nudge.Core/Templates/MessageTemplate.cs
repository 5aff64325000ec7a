using Fluid;

namespace Nudge.Core.Templates;

/// <summary>
/// A parsed email template: an optional subject and a Markdown body, both Liquid. Made by
/// <see cref="TemplateEngine.Parse"/>; rendered by <see cref="TemplateEngine.RenderAsync"/>.
/// </summary>
public sealed class MessageTemplate
{
    internal MessageTemplate(string name, IFluidTemplate? subject, IFluidTemplate body, IReadOnlySet<string> requiredFields,
        IReadOnlySet<string> usedFields)
    {
        UsedFields = usedFields;
        Name = name;
        Subject = subject;
        Body = body;
        RequiredFields = requiredFields;
    }

    /// <summary>The template's name, used in every error about it.</summary>
    public string Name { get; }

    /// <summary>
    /// The merge fields the template cannot render without (those not given a fallback with <c>default</c> or guarded
    /// by <c>if</c>), in subject and body.
    /// </summary>
    public IReadOnlySet<string> RequiredFields { get; }

    /// <summary>
    /// Every merge field the template reads, with a fallback or not, in name order: where the fields given are a fixed
    /// set (an inbound rule's reply), a field outside it is a mistake even behind a <c>default</c>.
    /// </summary>
    public IReadOnlySet<string> UsedFields { get; }

    /// <summary>Whether the template has a subject of its own (a reply in a thread reuses the thread's).</summary>
    public bool HasSubject => Subject is not null;

    internal IFluidTemplate? Subject { get; }

    internal IFluidTemplate Body { get; }
}
