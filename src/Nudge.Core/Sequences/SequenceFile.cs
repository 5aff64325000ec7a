using Nudge.Core.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nudge.Core.Sequences;

/// <summary>
/// Reads a sequence file: YAML naming the sequence and its steps, with templates as <c>.liquid</c> files in a
/// <c>templates/</c> folder beside it. Every error names the file, the line and the field.
/// </summary>
/// <example>
/// <code>
/// name: outreach
/// steps:
///   - template: intro        # day 0
///     wait: 0
///   - template: follow-up    # day 3, in the same thread
///     wait: 3 days
///   - template: last-note    # day 7
///     wait: 4 days
/// </code>
/// </example>
public static class SequenceFile
{
    /// <summary>Loads the sequence at <paramref name="path"/> and the templates its steps name.</summary>
    /// <exception cref="SequenceFileException">The file or one of its templates is invalid.</exception>
    public static async Task<SequenceDefinition> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var templatesDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "templates");

        var root = LoadRoot(fileName, text);
        var name = RequireScalar(fileName, root, "name");
        var stepsNode = Require(fileName, root, "steps") as YamlSequenceNode
            ?? throw Error(fileName, root, "steps", "must be a list of steps");
        if (stepsNode.Children.Count == 0)
        {
            throw Error(fileName, stepsNode, "steps", "needs at least one step");
        }

        var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        var steps = new List<SequenceStep>();
        foreach (var node in stepsNode.Children)
        {
            var number = steps.Count + 1;
            var field = $"steps[{number}]";
            if (node is not YamlMappingNode step)
            {
                throw Error(fileName, node, field, "must be a mapping with 'template' and 'wait'");
            }

            RejectUnknownKeys(fileName, step, field, "template", "wait", "thread");
            var templateName = RequireScalar(fileName, step, "template", field);
            var waitText = RequireScalar(fileName, step, "wait", field);
            if (!WaitParser.TryParse(waitText, out var wait))
            {
                throw Error(fileName, step.Children[new YamlScalarNode("wait")], $"{field}.wait",
                    $"'{waitText}' is not a wait; write for example '0', '3 days', '12 hours' or '30 minutes'");
            }

            var thread = ThreadMode.Reply;
            if (step.Children.TryGetValue(new YamlScalarNode("thread"), out var threadNode))
            {
                thread = ((threadNode as YamlScalarNode)?.Value) switch
                {
                    "reply" => ThreadMode.Reply,
                    "new" => ThreadMode.New,
                    var other => throw Error(fileName, threadNode, $"{field}.thread", $"'{other}' is not 'reply' or 'new'"),
                };
            }

            if (!templates.TryGetValue(templateName, out var template))
            {
                var templatePath = Path.Combine(templatesDir, templateName + ".liquid");
                if (!File.Exists(templatePath))
                {
                    throw Error(fileName, step.Children[new YamlScalarNode("template")], $"{field}.template",
                        $"no template '{templateName}': expected the file {templatePath}");
                }

                try
                {
                    template = await TemplateFile.LoadAsync(templatePath, cancellationToken);
                }
                catch (TemplateException ex)
                {
                    throw new SequenceFileException($"{fileName}: {field}.template: {ex.Message}", ex);
                }

                templates.Add(templateName, template);
            }

            // A step that starts a thread needs a subject of its own; a reply reuses the thread's.
            if ((number == 1 || thread == ThreadMode.New) && !template.HasSubject)
            {
                throw Error(fileName, step, $"{field}.template",
                    $"template '{templateName}' starts a thread, so it needs a 'subject:' in its front matter");
            }

            steps.Add(new SequenceStep(number, template, wait, thread));
        }

        return new SequenceDefinition(name, steps);
    }

    private static YamlMappingNode LoadRoot(string fileName, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new SequenceFileException($"{fileName}: line {ex.Start.Line}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SequenceFileException($"{fileName}: line 1: expected a mapping with 'name' and 'steps'");
        }

        RejectUnknownKeys(fileName, root, null, "name", "steps");
        return root;
    }

    private static YamlNode Require(string fileName, YamlMappingNode map, string key, string? parent = null) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node
            : throw Error(fileName, map, parent is null ? key : $"{parent}.{key}", "is required");

    private static string RequireScalar(string fileName, YamlMappingNode map, string key, string? parent = null)
    {
        var node = Require(fileName, map, key, parent);
        var field = parent is null ? key : $"{parent}.{key}";
        return node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value.Trim()
            : throw Error(fileName, node, field, "must be a non-empty value");
    }

    private static void RejectUnknownKeys(string fileName, YamlMappingNode map, string? parent, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Error(fileName, key, parent is null ? name : $"{parent}.{name}",
                    $"is not a known field (known: {string.Join(", ", known)})");
            }
        }
    }

    private static SequenceFileException Error(string fileName, YamlNode node, string field, string problem) =>
        new($"{fileName}: line {node.Start.Line}: {field} {problem}");
}
