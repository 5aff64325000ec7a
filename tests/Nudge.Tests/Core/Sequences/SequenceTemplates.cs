using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Sequences;

/// <summary>Parsed templates for sequence tests, so they need no files.</summary>
internal static class SequenceTemplates
{
    public static MessageTemplate Opening(string name = "intro", string body = "Hello") => TemplateEngine.Parse(name, "Hi {{ company }}", body);

    public static MessageTemplate Reply(string name = "bump", string body = "Bumping this.") => TemplateEngine.Parse(name, null, body);

    public static IReadOnlyDictionary<string, MessageTemplate> Set() => new Dictionary<string, MessageTemplate>(StringComparer.Ordinal)
    {
        ["intro"] = Opening(),
        ["bump"] = Reply(),
        ["reminder"] = Reply("reminder", "Your plan renews on {{ due_date }}."),
    };
}
