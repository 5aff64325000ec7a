using System.Globalization;
using Nudge.Core.Templates;

namespace Nudge.Web.Dashboard;

/// <summary>
/// The templates of the loaded sequences for the templates page: lists them, reads and saves their files in
/// <see cref="DashboardOptions.TemplatesDirectory"/>, and renders a preview.
/// </summary>
/// <remarks>
/// Only the templates the loaded sequences name can be read or saved, so a name from a URL never becomes another path.
/// The templates page loads the sequences again after a save (<see cref="SequenceLibrary.ReloadAsync"/>), so the worker
/// of the same process sends the new text; other processes read it at their next start.
/// </remarks>
public sealed class TemplateLibrary
{
    private readonly DashboardOptions _options;
    private readonly TemplateEngine _engine;

    /// <summary>Creates the library.</summary>
    public TemplateLibrary(DashboardOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _engine = new TemplateEngine(timeProvider);
    }

    /// <summary>Whether template files can be read and saved (the host knows their folder).</summary>
    public bool CanEdit => _options.TemplatesDirectory is not null;

    /// <summary>The templates of the loaded sequences, by name.</summary>
    public IReadOnlyList<TemplateSummary> List()
    {
        var uses = new SortedDictionary<string, (List<string> UsedBy, MessageTemplate Template)>(StringComparer.Ordinal);
        foreach (var sequence in _options.Sequences?.All ?? [])
        {
            foreach (var step in sequence.Steps)
            {
                if (!uses.TryGetValue(step.Template.Name, out var entry))
                {
                    entry = ([], step.Template);
                    uses.Add(step.Template.Name, entry);
                }

                entry.UsedBy.Add(string.Create(CultureInfo.InvariantCulture, $"{sequence.Name} step {step.Number}"));
            }
        }

        return [.. uses.Select(u => new TemplateSummary(u.Key, u.Value.UsedBy, u.Value.Template.HasSubject,
            [.. u.Value.Template.RequiredFields.Order(StringComparer.Ordinal)]))];
    }

    /// <summary>The template named <paramref name="name"/>, or <see langword="null"/> when no loaded sequence uses it.</summary>
    public TemplateSummary? Find(string name) => List().FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>Reads the template's file; <see langword="null"/> when it cannot be edited here or the file is gone.</summary>
    public async Task<TemplateSource?> ReadAsync(TemplateSummary template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        var path = PathOf(template);
        return path is not null && File.Exists(path)
            ? TemplateSource.FromFileText(await File.ReadAllTextAsync(path, cancellationToken))
            : null;
    }

    /// <summary>
    /// Saves the template's file when the new text parses: written to a temporary file beside it, then moved over it.
    /// </summary>
    /// <returns><see langword="null"/> when saved; otherwise why not (the parse error names the file's line).</returns>
    public async Task<string?> SaveAsync(TemplateSummary template, TemplateSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(source);
        if (PathOf(template) is not { } path)
        {
            return "This host does not know the templates folder: edit the file and restart nudge serve.";
        }

        var text = source.ToFileText();
        if (Parse(template.Name, text) is { Error: { } error })
        {
            return error;
        }

        await FileReplacer.WriteAsync(path, text, cancellationToken);
        return null;
    }

    /// <summary>Renders <paramref name="source"/> with <paramref name="fields"/>, or says why it cannot.</summary>
    /// <param name="name">The template's name.</param>
    /// <param name="source">The subject and body, saved or not.</param>
    /// <param name="fields">The merge fields.</param>
    /// <param name="renderedFor">Whom the preview is for.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    public async Task<TemplatePreview> PreviewAsync(string name, TemplateSource source, IReadOnlyDictionary<string, string> fields,
        string renderedFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (template, error) = Parse(name, source.ToFileText());
        if (template is null)
        {
            return new TemplatePreview(renderedFor, null, null, null, [], error);
        }

        var result = await _engine.RenderAsync(template, fields, cancellationToken);
        return result.Message is { } message
            ? new TemplatePreview(renderedFor, message.Subject, message.Text, message.Html, [], null)
            : new TemplatePreview(renderedFor, null, null, null, result.MissingFields, null);
    }

    /// <summary>Reads <c>name=value</c> lines (blank lines and lines without <c>=</c> are skipped).</summary>
    public static Dictionary<string, string> ParseSampleFields(string? lines)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (lines ?? "").Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && line[..equals].Trim() is { Length: > 0 } key)
            {
                fields[key] = line[(equals + 1)..].Trim();
            }
        }

        return fields;
    }

    private static (MessageTemplate? Template, string? Error) Parse(string name, string text)
    {
        try
        {
            return (TemplateFile.Parse(name, name + ".liquid", text), null);
        }
        catch (TemplateException ex)
        {
            return (null, ex.Message);
        }
    }

    private string? PathOf(TemplateSummary template) =>
        _options.TemplatesDirectory is { } directory ? Path.Combine(directory, template.Name + ".liquid") : null;
}
