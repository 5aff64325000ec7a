using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Markdig;

namespace Nudge.Core.Templates;

/// <summary>
/// Parses and renders Liquid email templates with Fluid. Bodies are Markdown: the rendered Markdown is the
/// <c>text/plain</c> part and its HTML rendering the <c>text/html</c> part. A merge field the template needs and the
/// contact lacks is never rendered as an empty string: rendering reports it instead.
/// </summary>
/// <remarks>Thread-safe: one instance serves every worker.</remarks>
public sealed class TemplateEngine
{
    private static readonly FluidParser Parser = new();
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAutoLinks().Build();
    private readonly TemplateOptions _options;

    public TemplateEngine(TimeProvider timeProvider)
    {
        _options = new TemplateOptions
        {
            CultureInfo = CultureInfo.InvariantCulture,
            Now = timeProvider.GetUtcNow,
            TimeZone = TimeZoneInfo.Utc,
            MaxSteps = 100_000,
        };
    }

    /// <summary>Parses a template.</summary>
    /// <param name="name">The template's name (its file name), used in errors.</param>
    /// <param name="subject">The subject's Liquid source, or <see langword="null"/> for a reply that keeps the thread's.</param>
    /// <param name="body">The body's Liquid + Markdown source.</param>
    /// <param name="bodyFirstLine">The line of the file the body starts on, so that errors name the file's line.</param>
    /// <exception cref="TemplateException">The Liquid does not parse; the message names the template and line.</exception>
    public static MessageTemplate Parse(string name, string? subject, string body, int bodyFirstLine = 1)
    {
        var subjectTemplate = subject is null ? null : ParseLiquid(name, "subject", subject, 0);
        var bodyTemplate = ParseLiquid(name, "body", body, bodyFirstLine - 1);

        var (bodyRequired, bodyUsed) = RequiredFieldCollector.CollectBoth(bodyTemplate);
        var required = new HashSet<string>(bodyRequired, StringComparer.Ordinal);
        var used = new SortedSet<string>(bodyUsed, StringComparer.Ordinal);
        if (subjectTemplate is not null)
        {
            var (subjectRequired, subjectUsed) = RequiredFieldCollector.CollectBoth(subjectTemplate);
            required.UnionWith(subjectRequired);
            used.UnionWith(subjectUsed);
        }

        return new MessageTemplate(name, subjectTemplate, bodyTemplate, required, used);
    }

    /// <summary>Renders a template with a contact's merge fields.</summary>
    /// <param name="template">The parsed template.</param>
    /// <param name="fields">Merge fields by name; a blank value counts as missing.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    public async ValueTask<TemplateRenderResult> RenderAsync(MessageTemplate template, IReadOnlyDictionary<string, string> fields,
        CancellationToken cancellationToken)
    {
        var missing = template.RequiredFields
            .Where(f => !fields.TryGetValue(f, out var value) || string.IsNullOrWhiteSpace(value))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0)
        {
            return new TemplateRenderResult(null, missing);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var context = CreateContext(fields);
        var subject = template.Subject is null ? null : CollapseWhitespace(await template.Subject.RenderAsync(context, NullEncoder.Default));
        var text = await template.Body.RenderAsync(context, NullEncoder.Default);
        var encodedMarkdown = await template.Body.RenderAsync(context, HtmlEncoder.Default);
        var html = Markdig.Markdown.ToHtml(encodedMarkdown, Markdown);

        return new TemplateRenderResult(new RenderedMessage(subject, NormalizeNewlines(text).Trim() + "\n", html), []);
    }

    private TemplateContext CreateContext(IReadOnlyDictionary<string, string> fields)
    {
        var context = new TemplateContext(_options);
        foreach (var (name, value) in fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                context.SetValue(name, new StringValue(value));
            }
        }

        return context;
    }

    private static IFluidTemplate ParseLiquid(string name, string part, string source, int lineOffset)
    {
        if (Parser.TryParse(source, out var template, out var error))
        {
            return template;
        }

        // Fluid reports "(line:column)" within the part; shift it to the line of the file.
        var location = System.Text.RegularExpressions.Regex.Match(error, @"\((\d+):(\d+)\)");
        var where = location.Success
            ? $"line {int.Parse(location.Groups[1].Value, CultureInfo.InvariantCulture) + lineOffset}, column {location.Groups[2].Value}"
            : "unknown position";
        var firstLine = error.Split('\n')[0].Trim();
        throw new TemplateException($"{name}: {part} does not parse at {where}: {firstLine}");
    }

    private static string CollapseWhitespace(string value) =>
        string.Join(' ', value.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string NormalizeNewlines(string value) => value.Replace("\r\n", "\n", StringComparison.Ordinal);
}
