using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fluid;
using Fluid.Values;

namespace Nudge.Core.Sequences;

/// <summary>
/// A step's <c>when</c>: a Liquid condition over the contact's fields, such as <c>plan == 'pro' and country != 'FR'</c>.
/// Fields are text; a missing or blank field is <c>nil</c>, so <c>plan == 'pro'</c> is false without a plan.
/// </summary>
/// <remarks>Thread-safe: a condition is compiled once and evaluated by every worker.</remarks>
public sealed class StepCondition
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new()
    {
        CultureInfo = CultureInfo.InvariantCulture,
        TimeZone = TimeZoneInfo.Utc,
        MaxSteps = 10_000,
    };

    private readonly IFluidTemplate _template;

    private StepCondition(string expression, IFluidTemplate template, IReadOnlySet<string> fields)
    {
        Expression = expression;
        _template = template;
        Fields = fields;
    }

    /// <summary>The condition as written.</summary>
    public string Expression { get; }

    /// <summary>The contact fields the condition reads.</summary>
    public IReadOnlySet<string> Fields { get; }

    /// <summary>Compiles a condition.</summary>
    /// <param name="expression">The Liquid expression, as it would stand in <c>{% if … %}</c>.</param>
    /// <param name="condition">The compiled condition.</param>
    /// <param name="error">Why it does not compile.</param>
    public static bool TryParse(string expression, [NotNullWhen(true)] out StepCondition? condition, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        condition = null;
        var trimmed = expression.Trim();
        if (trimmed.Length == 0)
        {
            error = "is empty";
            return false;
        }

        // The expression is spliced into a tag; tag delimiters in it would let it close the tag and add template text.
        if (trimmed.Contains("%}", StringComparison.Ordinal) || trimmed.Contains("{%", StringComparison.Ordinal)
            || trimmed.Contains("{{", StringComparison.Ordinal) || trimmed.Contains("}}", StringComparison.Ordinal))
        {
            error = "must be a bare expression, without '{%', '%}', '{{' or '}}'";
            return false;
        }

        if (!Parser.TryParse("{% if " + trimmed + " %}1{% endif %}", out var template, out var parseError))
        {
            error = $"is not a valid Liquid condition ({parseError.Split('\n')[0].Trim()})";
            return false;
        }

        var collector = new ConditionFieldCollector();
        collector.VisitTemplate(template);
        if (collector.Problem is not null)
        {
            error = collector.Problem;
            return false;
        }

        condition = new StepCondition(trimmed, template, collector.Fields);
        error = null;
        return true;
    }

    /// <summary>Compiles a condition.</summary>
    /// <exception cref="FormatException">It does not compile.</exception>
    public static StepCondition Parse(string expression) =>
        TryParse(expression, out var condition, out var error) ? condition : throw new FormatException($"'{expression}' {error}");

    /// <summary>Whether the condition holds for a contact with these fields.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var context = new TemplateContext(Options);
        foreach (var name in Fields)
        {
            // As in templates, a blank value is no value: it stays nil.
            if (fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                context.SetValue(name, new StringValue(value));
            }
        }

        return _template.Render(context) == "1";
    }

    /// <inheritdoc/>
    public override string ToString() => Expression;
}
