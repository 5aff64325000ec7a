using Nudge.Core.Rules;
using Nudge.Core.Templates;

namespace Nudge.Tests.Core.Rules;

/// <summary>Parsed templates and rules for the rule tests, so they need no files.</summary>
internal static class RuleTemplates
{
    /// <summary>The body of a valid acknowledgement: every reply field, names with fallbacks.</summary>
    public const string AcknowledgeBody =
        "Hi {{ first_name | default: \"there\" }} {{ last_name | default: \"\" }},\n\n" +
        "We got \"{{ subject }}\" from {{ email }} ({{ name | default: email }}) at {{ received_at }}; {{ mailbox }} answers soon.";

    public static IReadOnlyDictionary<string, MessageTemplate> Set() => new Dictionary<string, MessageTemplate>(StringComparer.Ordinal)
    {
        ["acknowledge"] = TemplateEngine.Parse("acknowledge", null, AcknowledgeBody),
        ["with-subject"] = TemplateEngine.Parse("with-subject", "We got it: {{ subject }}", "Thanks."),
        ["guarded"] = TemplateEngine.Parse("guarded", null, "{% if first_name %}Hi {{ first_name }},{% endif %}\nThanks."),
        ["local"] = TemplateEngine.Parse("local", null, "{% assign greeting = 'Hello' %}{{ greeting }}, {% for w in (1..2) %}{{ w }}{% endfor %}{% capture c %}x{% endcapture %}{{ c }}"),
        ["bare-name"] = TemplateEngine.Parse("bare-name", null, "Hi {{ first_name }},\nThanks."),
        ["bare-last"] = TemplateEngine.Parse("bare-last", "About {{ last_name }}", "Thanks."),
        ["contact-field"] = TemplateEngine.Parse("contact-field", null, "Hi {{ first_name | default: \"there\" }} at {{ company }}."),
        ["defaulted-field"] = TemplateEngine.Parse("defaulted-field", null, "Your plan: {{ plan | default: \"free\" }}."),
    };

    /// <summary>A rule from YAML lines, with the default mailbox and template when the text names none.</summary>
    public static InboundRule Rule(string yaml, string fileName = "rule.yaml") => RuleFile.Parse(yaml, fileName, Set());

    /// <summary>A valid rule whose <c>match:</c> is <paramref name="match"/> (indented mapping lines).</summary>
    public static InboundRule WithMatch(string match) =>
        Rule($"name: test\nmailbox: support@acme.example\nmatch:\n{match}\ntemplate: acknowledge\n");
}
