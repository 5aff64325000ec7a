using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nudge.Core.Abstractions;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;

namespace Nudge.Web.Api;

/// <summary><c>/api/v1/sequences</c>: the sequences the engine runs, and checking a sequence file before it is deployed.</summary>
internal static partial class SequencesApi
{
    /// <summary>The largest sequence file (and its templates) <c>validate</c> reads.</summary>
    public const int MaxValidateBytes = 256 * 1024;

    private const string FileName = "sequence.yaml";

    public static void Map(RouteGroupBuilder api, IEngineStore store, NudgeApiOptions options)
    {
        var group = api.MapGroup("/sequences").WithTags("Sequences");

        group.MapGet("", async (CancellationToken cancellationToken) =>
            {
                var paused = (await store.ListPausedSequencesAsync(cancellationToken)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var views = options.Sequences.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => View(s, paused.Contains(s.Name))).ToList();
                return Results.Json(views, WebJsonContext.Default.ListSequenceView);
            })
            .WithName("ListSequences")
            .WithSummary("List the sequences the engine runs, with a summary of their steps")
            .Produces<List<SequenceView>>();

        group.MapPost("/validate", (HttpRequest request, CancellationToken cancellationToken) => ValidateAsync(options, request, cancellationToken))
            .WithName("ValidateSequence")
            .WithSummary("Check a sequence file (and its templates) as `nudge sequence validate` does")
            .WithDescription("The body is the YAML itself (application/yaml or text/plain), or JSON {\"yaml\",\"templates\":{name: text}}. " +
                "Templates the request does not bring are read from the server's sequences folder; those found in neither are reported in " +
                "templatesNotChecked. 200 with valid:false and the problem (line, field) when the file is wrong.")
            .Accepts<SequenceValidationBody>("application/json", "application/yaml", "text/plain")
            .Produces<SequenceValidation>()
            .Produces<ApiProblem>(StatusCodes.Status400BadRequest, Problems.ContentType)
            .Produces<ApiProblem>(StatusCodes.Status413PayloadTooLarge, Problems.ContentType);
    }

    private static async Task<IResult> ValidateAsync(NudgeApiOptions options, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxValidateBytes)
        {
            return Problems.TooLarge($"the body has {request.ContentLength} bytes; validate takes at most {MaxValidateBytes}");
        }

        string yaml;
        Dictionary<string, string> given;
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (body, problem) = await ApiRequests.ReadJsonAsync(request, WebJsonContext.Default.SequenceValidationBody, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (string.IsNullOrWhiteSpace(body?.Yaml))
            {
                return Problems.BadRequest("yaml is required: the sequence file's text", "yaml");
            }

            yaml = body.Yaml;
            given = body.Templates ?? [];
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            yaml = await reader.ReadToEndAsync(cancellationToken);
            if (yaml.Length > MaxValidateBytes)
            {
                // A body sent without Content-Length (chunked) is only measured once read.
                return Problems.TooLarge($"the body has more than {MaxValidateBytes} bytes; validate takes at most that");
            }

            if (string.IsNullOrWhiteSpace(yaml))
            {
                return Problems.BadRequest("the body is empty: send the sequence file's text (YAML)");
            }

            given = [];
        }

        return Results.Json(await ValidateAsync(yaml, given, options.SequencesDirectory, cancellationToken), WebJsonContext.Default.SequenceValidation);
    }

    /// <summary>
    /// Two passes over the file: the first with a stand-in for every template, which finds every mistake of the file itself
    /// and learns which templates it names; the second with the real ones, where they can be had.
    /// </summary>
    private static async Task<SequenceValidation> ValidateAsync(string yaml, IReadOnlyDictionary<string, string> given, string? sequencesDirectory,
        CancellationToken cancellationToken)
    {
        var named = new StandInTemplates(new Dictionary<string, MessageTemplate>(StringComparer.Ordinal));
        try
        {
            SequenceFile.Parse(yaml, FileName, named);
        }
        catch (SequenceFileException ex)
        {
            return Invalid(Problem(ex.Message), []);
        }

        var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        var notChecked = new List<string>();
        foreach (var name in named.Requested)
        {
            var fileName = $"templates/{name}.liquid";
            try
            {
                if (given.TryGetValue(name, out var text))
                {
                    templates[name] = TemplateFile.Parse(name, fileName, text);
                }
                else if (sequencesDirectory is not null && TemplatePath(sequencesDirectory, name) is { } path && File.Exists(path))
                {
                    templates[name] = await TemplateFile.LoadAsync(path, cancellationToken);
                }
                else
                {
                    notChecked.Add(name);
                }
            }
            catch (TemplateException ex)
            {
                return Invalid(new SequenceProblem(LineOf(ex.Message), "templates." + name, ex.Message), notChecked);
            }
        }

        try
        {
            var sequence = SequenceFile.Parse(yaml, FileName, new StandInTemplates(templates));
            return new SequenceValidation(true, sequence.Name, [.. sequence.Steps.Select(StepView)], [], notChecked);
        }
        catch (SequenceFileException ex)
        {
            return Invalid(Problem(ex.Message), notChecked);
        }
    }

    /// <summary>The template file of <paramref name="name"/> under the folder, or <see langword="null"/> for a name that would leave it.</summary>
    private static string? TemplatePath(string sequencesDirectory, string name)
    {
        var folder = Path.GetFullPath(Path.Combine(sequencesDirectory, "templates"));
        var path = Path.GetFullPath(Path.Combine(folder, name + ".liquid"));
        return path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }

    private static SequenceValidation Invalid(SequenceProblem problem, IReadOnlyList<string> notChecked) => new(false, null, null, [problem], notChecked);

    /// <summary>The line and field of a <see cref="SequenceFileException"/>'s message: <c>FILE: line N: FIELD problem</c>.</summary>
    private static SequenceProblem Problem(string message)
    {
        if (Located().Match(message) is not { Success: true } match)
        {
            return new SequenceProblem(null, null, message);
        }

        var line = int.Parse(match.Groups["line"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        return new SequenceProblem(line, match.Groups["field"].Success ? match.Groups["field"].Value : null, message);
    }

    private static int? LineOf(string message) =>
        Located().Match(message) is { Success: true } match ? int.Parse(match.Groups["line"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The summary <c>GET /sequences</c> and <c>validate</c> give of a sequence.</summary>
    private static SequenceView View(SequenceDefinition sequence, bool paused) =>
        new(sequence.Name, sequence.Mailboxes, sequence.TimeZone?.Id, sequence.Window?.ToString(), paused, [.. sequence.ContactFieldsUsed],
            [.. sequence.Steps.Select(StepView)]);

    private static SequenceStepView StepView(SequenceStep step) =>
        new(step.Number, step.Template.Name, step.Anchor is null ? step.Delay.ToString() : null, step.Anchor?.ToString(),
            step.Thread == ThreadMode.New ? "new" : "reply", step.Window?.ToString(), step.Condition?.Expression, [.. step.ContactFieldsUsed]);

    // "sequence.yaml: line 7: steps[2].wait must be …": the field is the path after the line, when it starts with a key of the file.
    [GeneratedRegex(
        @"^[^:]+: line (?<line>\d+): (?:(?<field>(?:name|mailbox|mailboxes|timezone|window|holidays|stop|if_past|steps)(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*) )?",
        RegexOptions.CultureInvariant)]
    private static partial Regex Located();

    /// <summary>
    /// The templates the parser asks for: the real one when there is one, else a stand-in with a subject (so that a missing
    /// template is not mistaken for a mistake of the file); remembers every name asked for, in order.
    /// </summary>
    private sealed class StandInTemplates(IReadOnlyDictionary<string, MessageTemplate> real) : IReadOnlyDictionary<string, MessageTemplate>
    {
        private readonly List<string> _requested = [];

        public IReadOnlyList<string> Requested => _requested;

        public int Count => real.Count;

        public IEnumerable<string> Keys => real.Keys;

        public IEnumerable<MessageTemplate> Values => real.Values;

        public MessageTemplate this[string key] => TryGetValue(key, out var template) ? template : throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => true;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out MessageTemplate value)
        {
            if (!_requested.Contains(key, StringComparer.Ordinal))
            {
                _requested.Add(key);
            }

            value = real.TryGetValue(key, out var found)
                ? found
                : TemplateFile.Parse(key, $"templates/{key}.liquid", "---\nsubject: (not checked)\n---\n(not checked)\n");
            return true;
        }

        public IEnumerator<KeyValuePair<string, MessageTemplate>> GetEnumerator() => real.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
