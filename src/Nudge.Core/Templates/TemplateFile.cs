namespace Nudge.Core.Templates;

/// <summary>
/// Reads a template file: optional YAML-style front matter between <c>---</c> lines (only <c>subject:</c> for now),
/// then the Markdown + Liquid body.
/// </summary>
/// <example>
/// <code>
/// ---
/// subject: Quick question about {{ company }}
/// ---
/// Hi {{ first_name | default: "there" }},
/// </code>
/// </example>
public static class TemplateFile
{
    /// <summary>Reads and parses the template file at <paramref name="path"/>; its name is the file name without extension.</summary>
    /// <exception cref="TemplateException">The file is malformed; the message names the file and the line.</exception>
    public static async Task<MessageTemplate> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return Parse(Path.GetFileNameWithoutExtension(path), Path.GetFileName(path), text);
    }

    /// <summary>Parses template text; <paramref name="fileName"/> is used in errors.</summary>
    public static MessageTemplate Parse(string name, string fileName, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? subject = null;
        var bodyStart = 0;

        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
            if (end < 0)
            {
                throw new TemplateException($"{fileName}: line 1: front matter opened with '---' is never closed");
            }

            for (var i = 1; i < end; i++)
            {
                var line = lines[i];
                if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new TemplateException($"{fileName}: line {i + 1}: expected 'key: value' in front matter, got '{line.Trim()}'");
                }

                var key = line[..colon].Trim();
                var value = Unquote(line[(colon + 1)..].Trim());
                switch (key)
                {
                    case "subject":
                        subject = value;
                        break;
                    default:
                        throw new TemplateException($"{fileName}: line {i + 1}: unknown front matter field '{key}' (known: subject)");
                }
            }

            bodyStart = end + 1;
        }

        var body = string.Join('\n', lines[bodyStart..]);
        try
        {
            return TemplateEngine.Parse(name, subject, body, bodyStart + 1);
        }
        catch (TemplateException ex)
        {
            throw new TemplateException($"{fileName}: {ex.Message}", ex);
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''))
            ? value[1..^1]
            : value;
}
