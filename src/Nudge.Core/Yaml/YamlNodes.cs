using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nudge.Core.Yaml;

/// <summary>
/// Reading the YAML files users write (sequences, inbound rules) so that every error names the file, the line and the
/// field. Each file kind brings its own exception through <c>fail</c>.
/// </summary>
internal static partial class YamlNodes
{
    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file of <paramref name="directory"/> (not its subfolders) in file-name
    /// order with <paramref name="load"/>, refusing a name two files give (the message names both files and the line).
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="kind">What the files define, for messages ("sequence", "rule").</param>
    /// <param name="load">Loads one file: the item, its name and the line of its name.</param>
    /// <param name="fail">Makes the file kind's exception.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<IReadOnlyList<T>> LoadDirectoryAsync<T>(string directory, string kind,
        Func<string, CancellationToken, Task<(T Item, string Name, long NameLine)>> load, Func<string, Exception?, Exception> fail,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw fail($"{directory}: no such folder of {kind} files", null);
        }

        var paths = Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = new List<T>();
        foreach (var path in paths)
        {
            var (item, name, nameLine) = await load(path, cancellationToken);
            var fileName = Path.GetFileName(path);
            if (!byName.TryAdd(name, fileName))
            {
                throw fail(
                    $"{fileName}: line {nameLine}: name '{name}' is already the name of the {kind} in {byName[name]}; {kind} names must be unique", null);
            }

            items.Add(item);
        }

        return items;
    }

    /// <summary>Parses the text and returns its root mapping, whose keys must all be in <paramref name="rootKeys"/>.</summary>
    public static YamlMappingNode LoadRoot(string fileName, string text, string expectation, string[] rootKeys, Func<string, Exception?, Exception> fail)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var lines = text.Split('\n');
            var lineNumber = ex.Start.Line;

            // An unquoted pattern such as *@customer.example reads as a YAML alias; YamlDotNet reports the unknown anchor
            // at the start of the document, so find the line that uses it.
            if (ex is AnchorNotFoundException && AnchorName().Match(ex.Message) is { Success: true } anchor
                && Array.FindIndex(lines, l => l.Contains("*" + anchor.Groups[1].Value, StringComparison.Ordinal)) is var index and >= 0)
            {
                lineNumber = index + 1;
            }

            // An unquoted "{{ field }}" reads as a YAML mapping and fails there; say what to do about either.
            var line = lineNumber >= 1 && lineNumber <= lines.Length ? lines[(int)lineNumber - 1] : "";
            var hint = line.Contains("{{", StringComparison.Ordinal) ? " (a value that contains '{{ }}' must be in quotes)"
                : line.Contains('*', StringComparison.Ordinal) ? " (a pattern that starts with '*' must be in quotes: \"*@example.com\")"
                : "";
            throw fail($"{fileName}: line {lineNumber}: {ex.Message}{hint}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw fail($"{fileName}: line 1: expected a mapping with {expectation}", null);
        }

        RejectUnknownKeys(fileName, root, null, rootKeys, fail);
        return root;
    }

    public static YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static YamlNode Require(string fileName, YamlMappingNode map, string key, string? parent, Func<string, Exception?, Exception> fail) =>
        Optional(map, key) ?? throw Error(fileName, map, parent is null ? key : $"{parent}.{key}", "is required", fail);

    public static string Scalar(string fileName, YamlNode node, string field, Func<string, Exception?, Exception> fail) =>
        node is YamlScalarNode { Value: { } value } && value.Trim().Length > 0
            ? value.Trim()
            : throw Error(fileName, node, field, "must be a non-empty value", fail);

    public static bool Bool(string fileName, YamlNode node, string field, Func<string, Exception?, Exception> fail) =>
        Scalar(fileName, node, field, fail).ToLowerInvariant() switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            var other => throw Error(fileName, node, field, $"'{other}' is not 'true' or 'false'", fail),
        };

    /// <summary>A typo must not silently leave a setting at its default: an unknown key is an error naming the known ones.</summary>
    public static void RejectUnknownKeys(string fileName, YamlMappingNode map, string? parent, string[] known, Func<string, Exception?, Exception> fail)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Error(fileName, key, parent is null ? name : $"{parent}.{name}", $"is not a known field (known: {string.Join(", ", known)})", fail);
            }
        }
    }

    public static Exception Error(string fileName, YamlNode node, string field, string problem, Func<string, Exception?, Exception> fail) =>
        fail($"{fileName}: line {node.Start.Line}: {field} {problem}", null);

    [GeneratedRegex("anchor '([^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex AnchorName();
}
