namespace Nudge.Web.Dashboard;

/// <summary>
/// A template file's text as the templates page edits it: the subject of its front matter and its body.
/// </summary>
/// <param name="Subject">The subject's Liquid source, or <see langword="null"/> for a template without one.</param>
/// <param name="Body">The Markdown + Liquid body.</param>
public sealed record TemplateSource(string? Subject, string Body)
{
    private const string Fence = "---";

    /// <summary>The line of the file the body starts on: after the three lines of front matter when there is a subject.</summary>
    public int BodyFirstLine => Subject is null ? 1 : 4;

    /// <summary>
    /// Splits a file's text into subject and body. Front matter holds only <c>subject:</c> (comments in it are not
    /// kept when the page saves the file); anything else is left for <see cref="Nudge.Core.Templates.TemplateFile"/>
    /// to report, so such a file is shown as a body.
    /// </summary>
    public static TemplateSource FromFileText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Fence)
        {
            return new TemplateSource(null, string.Join('\n', lines));
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == Fence);
        if (end < 0)
        {
            return new TemplateSource(null, string.Join('\n', lines));
        }

        string? subject = null;
        foreach (var line in lines[1..end])
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("subject:", StringComparison.Ordinal))
            {
                subject = Unquote(trimmed["subject:".Length..].Trim());
            }
            else if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                // A field the page does not know: keep the file as it is, so that saving cannot drop it silently.
                return new TemplateSource(null, string.Join('\n', lines));
            }
        }

        return new TemplateSource(subject, string.Join('\n', lines[(end + 1)..]));
    }

    /// <summary>
    /// Makes the subject and body a form posted: a blank subject means none; line breaks in a subject become spaces.
    /// </summary>
    public static TemplateSource FromForm(string? subject, string? body)
    {
        var oneLine = subject is null ? null : string.Join(' ', subject.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return new TemplateSource(string.IsNullOrEmpty(oneLine) ? null : oneLine, (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>The file's text: front matter with the subject (when there is one), then the body.</summary>
    public string ToFileText()
    {
        if (Subject is null)
        {
            return Body;
        }

        // A subject that is itself wrapped in quotes keeps them: TemplateFile strips one matching pair.
        var subject = Subject.Length >= 2 && Subject[0] == Subject[^1] && Subject[0] is '"' or '\''
            ? (Subject[0] == '"' ? $"'{Subject}'" : $"\"{Subject}\"")
            : Subject;
        return $"{Fence}\nsubject: {subject}\n{Fence}\n{Body}";
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''))
            ? value[1..^1]
            : value;
}
