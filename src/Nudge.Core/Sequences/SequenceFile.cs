using System.Collections.Frozen;
using System.Globalization;
using Nudge.Core.Schedule;
using Nudge.Core.Templates;
using Nudge.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace Nudge.Core.Sequences;

/// <summary>
/// Reads a sequence file: YAML naming the sequence, its sending rules and its steps, with templates as <c>.liquid</c>
/// files in a <c>templates/</c> folder beside it. Every error names the file, the line and the field.
/// </summary>
/// <example>
/// <code>
/// name: sales-drip
/// mailbox: sales@acme.example          # or mailboxes: [a@acme.example, b@acme.example]
/// timezone: America/New_York           # for contacts without a 'timezone' field
/// window: { days: mon-fri, hours: "09:00-17:00" }
/// holidays: [2026-12-25]
/// stop: { out_of_office: delay, ooo_delay: 3 business days }
/// if_past: send
/// steps:
///   - template: intro
///     wait: 0
///   - template: follow-up
///     wait: 3 business days
///     when: "plan == 'pro'"
///   - template: reminder
///     at: "{{ due_date }} - 2 days"
///     if_past: skip
/// </code>
/// </example>
public static class SequenceFile
{
    internal static readonly string[] RootKeys = ["name", "mailbox", "mailboxes", "timezone", "window", "holidays", "stop", "if_past", "steps"];
    internal static readonly string[] StepKeys = ["template", "wait", "at", "thread", "window", "when", "if_past"];
    private static readonly string[] WindowKeys = ["days", "hours"];
    private static readonly string[] StopKeys = ["on_reply", "on_teammate_reply", "on_bounce", "on_unsubscribe", "out_of_office", "ooo_delay"];

    /// <summary>Loads the sequence at <paramref name="path"/> and the templates its steps name.</summary>
    /// <exception cref="SequenceFileException">The file or one of its templates is invalid.</exception>
    public static async Task<SequenceDefinition> LoadAsync(string path, CancellationToken cancellationToken) =>
        (await LoadDraftAsync(path, cancellationToken)).Sequence;

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> sequence file in <paramref name="directory"/> (not its subfolders), each
    /// with the templates in the <c>templates/</c> folder beside it, in file-name order.
    /// </summary>
    /// <exception cref="SequenceFileException">
    /// The folder does not exist, a file is invalid, or two files name the same sequence (the message names both files).
    /// </exception>
    public static Task<IReadOnlyList<SequenceDefinition>> LoadDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        YamlNodes.LoadDirectoryAsync(directory, "sequence", async (path, ct) =>
        {
            var (sequence, nameLine) = await LoadDraftAsync(path, ct);
            return (sequence, sequence.Name, nameLine);
        }, Fail, cancellationToken);

    /// <summary>Parses sequence text, loading its templates from <paramref name="templatesDirectory"/>.</summary>
    /// <param name="yamlText">The sequence file's text.</param>
    /// <param name="fileName">The name used in errors.</param>
    /// <param name="templatesDirectory">Where the <c>.liquid</c> templates are.</param>
    /// <param name="cancellationToken">Cancels reading templates.</param>
    /// <exception cref="SequenceFileException">The text or one of its templates is invalid.</exception>
    public static async Task<SequenceDefinition> ParseAsync(string yamlText, string fileName, string templatesDirectory,
        CancellationToken cancellationToken)
    {
        var draft = ParseDraft(fileName, yamlText);
        var templates = await LoadTemplatesAsync(draft, templatesDirectory, cancellationToken);
        return Build(draft, templates, name => $"expected the file {Path.Combine(templatesDirectory, name + ".liquid")}");
    }

    /// <summary>Parses sequence text whose templates are already parsed, by name (for tests and tools without files).</summary>
    /// <exception cref="SequenceFileException">The text is invalid or names a template that is not in <paramref name="templates"/>.</exception>
    public static SequenceDefinition Parse(string yamlText, string fileName, IReadOnlyDictionary<string, MessageTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return Build(ParseDraft(fileName, yamlText), templates,
            _ => $"known templates: {string.Join(", ", templates.Keys.Order(StringComparer.Ordinal))}");
    }

    private static async Task<(SequenceDefinition Sequence, long NameLine)> LoadDraftAsync(string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var templatesDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "templates");
        var draft = ParseDraft(fileName, text);
        var templates = await LoadTemplatesAsync(draft, templatesDir, cancellationToken);
        return (Build(draft, templates, name => $"expected the file {Path.Combine(templatesDir, name + ".liquid")}"), draft.NameLine);
    }

    private static async Task<Dictionary<string, MessageTemplate>> LoadTemplatesAsync(Draft draft, string templatesDir,
        CancellationToken cancellationToken)
    {
        // Missing files are left out here; Build reports them against the step that names them.
        var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        foreach (var step in draft.Steps)
        {
            var path = Path.Combine(templatesDir, step.TemplateName + ".liquid");
            if (templates.ContainsKey(step.TemplateName) || !File.Exists(path))
            {
                continue;
            }

            try
            {
                templates.Add(step.TemplateName, await TemplateFile.LoadAsync(path, cancellationToken));
            }
            catch (TemplateException ex)
            {
                throw new SequenceFileException(
                    $"{draft.FileName}: line {step.TemplateNode.Start.Line}: {step.Field}.template {ex.Message}", ex);
            }
        }

        return templates;
    }

    private static SequenceDefinition Build(Draft draft, IReadOnlyDictionary<string, MessageTemplate> templates, Func<string, string> missingHint)
    {
        var steps = new List<SequenceStep>();
        foreach (var step in draft.Steps)
        {
            if (!templates.TryGetValue(step.TemplateName, out var template))
            {
                throw Error(draft.FileName, step.TemplateNode, $"{step.Field}.template",
                    $"no template '{step.TemplateName}': {missingHint(step.TemplateName)}");
            }

            // A step that starts a thread needs a subject of its own; a reply reuses the thread's.
            if ((step.Number == 1 || step.Thread == ThreadMode.New) && !template.HasSubject)
            {
                throw Error(draft.FileName, step.Node, $"{step.Field}.template",
                    $"template '{step.TemplateName}' starts a thread, so it needs a 'subject:' in its front matter");
            }

            steps.Add(new SequenceStep(step.Number, template, step.Delay, step.Thread, step.Anchor, step.Window, step.Condition, step.IfPast));
        }

        return draft.Sequence with { Steps = steps };
    }

    private static Draft ParseDraft(string fileName, string text)
    {
        var root = LoadRoot(fileName, text);
        var nameNode = Require(fileName, root, "name");
        var name = Scalar(fileName, nameNode, "name");

        var holidays = Optional(root, "holidays") is { } holidaysNode ? ParseHolidays(fileName, holidaysNode) : FrozenSet<DateOnly>.Empty;
        var settings = new SequenceDefinition(name, [])
        {
            Mailboxes = ParseMailboxes(fileName, root),
            TimeZone = Optional(root, "timezone") is { } zoneNode ? ParseZone(fileName, zoneNode, "timezone") : null,
            Window = Optional(root, "window") is { } windowNode ? ParseWindow(fileName, windowNode, "window", holidays) : null,
            Holidays = holidays,
            StopRules = Optional(root, "stop") is { } stopNode ? ParseStop(fileName, stopNode) : StopRules.Default,
            IfPast = Optional(root, "if_past") is { } ifPastNode ? ParseIfPast(fileName, ifPastNode, "if_past") : PastDueAction.Send,
        };

        var stepsNode = Require(fileName, root, "steps") as YamlSequenceNode
            ?? throw Error(fileName, root.Children[new YamlScalarNode("steps")], "steps", "must be a list of steps");
        if (stepsNode.Children.Count == 0)
        {
            throw Error(fileName, stepsNode, "steps", "needs at least one step");
        }

        var steps = new List<StepDraft>();
        foreach (var node in stepsNode.Children)
        {
            steps.Add(ParseStep(fileName, node, steps.Count + 1, holidays));
        }

        return new Draft(fileName, nameNode.Start.Line, settings, steps);
    }

    private static StepDraft ParseStep(string fileName, YamlNode node, int number, IReadOnlySet<DateOnly> holidays)
    {
        var field = $"steps[{number}]";
        if (node is not YamlMappingNode step)
        {
            throw Error(fileName, node, field, "must be a mapping with 'template' and 'wait' (or 'at')");
        }

        RejectUnknownKeys(fileName, step, field, StepKeys);
        var templateNode = Require(fileName, step, "template", field);
        var templateName = Scalar(fileName, templateNode, $"{field}.template");

        var waitNode = Optional(step, "wait");
        var atNode = Optional(step, "at");
        var delay = StepDelay.Zero;
        StepAnchor? anchor = null;
        switch (waitNode, atNode)
        {
            case (null, null):
                throw Error(fileName, step, field, "needs 'wait' (such as '3 days') or 'at' (such as \"{{ due_date }} + 30 days\")");
            case (not null, not null):
                throw Error(fileName, atNode, $"{field}.at", "cannot be used with 'wait' in the same step; keep one");
            case (not null, null):
                var waitText = Scalar(fileName, waitNode, $"{field}.wait");
                if (!StepDelay.TryParse(waitText, out delay))
                {
                    throw Error(fileName, waitNode, $"{field}.wait",
                        $"'{waitText}' is not a wait; write for example '0', '3 days', '2 business days', '12 hours' or '30 minutes'");
                }

                break;
            default:
                if (atNode is not YamlScalarNode)
                {
                    throw Error(fileName, atNode!, $"{field}.at", "must be quoted text, such as \"{{ due_date }} + 30 days\"");
                }

                var atText = Scalar(fileName, atNode!, $"{field}.at");
                if (!StepAnchor.TryParse(atText, out anchor))
                {
                    throw Error(fileName, atNode!, $"{field}.at",
                        $"'{atText}' is not a time; write a contact field and an optional offset, such as " +
                        "\"{{ due_date }}\", \"{{ due_date }} + 30 days\" or \"{{ renewal }} - 2 business days\"");
                }

                break;
        }

        var thread = ThreadMode.Reply;
        if (Optional(step, "thread") is { } threadNode)
        {
            thread = Scalar(fileName, threadNode, $"{field}.thread") switch
            {
                "reply" => ThreadMode.Reply,
                "new" => ThreadMode.New,
                var other => throw Error(fileName, threadNode, $"{field}.thread", $"'{other}' is not 'reply' or 'new'"),
            };
        }

        StepCondition? condition = null;
        if (Optional(step, "when") is { } whenNode)
        {
            var whenText = Scalar(fileName, whenNode, $"{field}.when");
            if (!StepCondition.TryParse(whenText, out condition, out var problem))
            {
                throw Error(fileName, whenNode, $"{field}.when", $"'{whenText}' {problem}");
            }
        }

        PastDueAction? ifPast = null;
        if (Optional(step, "if_past") is { } ifPastNode)
        {
            if (anchor is null)
            {
                throw Error(fileName, ifPastNode, $"{field}.if_past", "applies only to a step with 'at'");
            }

            ifPast = ParseIfPast(fileName, ifPastNode, $"{field}.if_past");
        }

        var window = Optional(step, "window") is { } windowNode ? ParseWindow(fileName, windowNode, $"{field}.window", holidays) : null;
        return new StepDraft(number, field, step, templateName, templateNode, delay, anchor, thread, window, condition, ifPast);
    }

    private static IReadOnlyList<string> ParseMailboxes(string fileName, YamlMappingNode root)
    {
        var single = Optional(root, "mailbox");
        var pool = Optional(root, "mailboxes");
        if (single is not null && pool is not null)
        {
            throw Error(fileName, pool, "mailboxes", "cannot be used with 'mailbox'; keep one");
        }

        if (single is not null)
        {
            return [Mailbox(fileName, single, "mailbox")];
        }

        if (pool is null)
        {
            return [];
        }

        var list = pool as YamlSequenceNode ?? throw Error(fileName, pool, "mailboxes", "must be a list of addresses");
        if (list.Children.Count == 0)
        {
            throw Error(fileName, pool, "mailboxes", "needs at least one address");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mailboxes = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var address = Mailbox(fileName, list.Children[i], $"mailboxes[{i + 1}]");
            if (!seen.Add(address))
            {
                throw Error(fileName, list.Children[i], $"mailboxes[{i + 1}]", $"'{address}' is listed twice");
            }

            mailboxes.Add(address);
        }

        return mailboxes;
    }

    private static string Mailbox(string fileName, YamlNode node, string field)
    {
        var address = Scalar(fileName, node, field);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < address.Length - 1 && !address.Any(char.IsWhiteSpace)
            ? address
            : throw Error(fileName, node, field, $"'{address}' is not an email address");
    }

    private static TimeZoneInfo ParseZone(string fileName, YamlNode node, string field)
    {
        var id = Scalar(fileName, node, field);
        return ScheduleZones.Find(id)
            ?? throw Error(fileName, node, field, $"'{id}' is not a known IANA time zone; write for example 'America/New_York' or 'Europe/Paris'");
    }

    private static FrozenSet<DateOnly> ParseHolidays(string fileName, YamlNode node)
    {
        var list = node as YamlSequenceNode ?? throw Error(fileName, node, "holidays", "must be a list of dates such as [2026-12-25, 2027-01-01]");
        var dates = new HashSet<DateOnly>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var text = Scalar(fileName, list.Children[i], $"holidays[{i + 1}]");
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Error(fileName, list.Children[i], $"holidays[{i + 1}]", $"'{text}' is not a date; write it as yyyy-MM-dd, such as 2026-12-25");
            }

            dates.Add(date);
        }

        return dates.ToFrozenSet();
    }

    private static SendWindowRule ParseWindow(string fileName, YamlNode node, string field, IReadOnlySet<DateOnly> holidays)
    {
        var map = node as YamlMappingNode ?? throw Error(fileName, node, field, "must be a mapping with 'days' and 'hours'");
        RejectUnknownKeys(fileName, map, field, WindowKeys);
        if (map.Children.Count == 0)
        {
            throw Error(fileName, map, field, "needs 'days', 'hours' or both");
        }

        IReadOnlySet<DayOfWeek> days = SendWindowRule.AllDays.ToHashSet();
        if (Optional(map, "days") is { } daysNode)
        {
            var text = Scalar(fileName, daysNode, $"{field}.days");
            if (!WindowSyntax.TryParseDays(text, out var parsed))
            {
                throw Error(fileName, daysNode, $"{field}.days",
                    $"'{text}' is not a set of days; write for example 'mon-fri', 'mon,wed,fri', 'sat-sun' or 'every day'");
            }

            days = parsed;
        }

        var (opens, closes) = (TimeSpan.Zero, TimeSpan.FromDays(1));
        if (Optional(map, "hours") is { } hoursNode)
        {
            var text = Scalar(fileName, hoursNode, $"{field}.hours");
            if (!WindowSyntax.TryParseHours(text, out opens, out closes, out var problem))
            {
                throw Error(fileName, hoursNode, $"{field}.hours", problem);
            }
        }

        return new SendWindowRule(days, opens, closes, holidays);
    }

    private static StopRules ParseStop(string fileName, YamlNode node)
    {
        var map = node as YamlMappingNode ?? throw Error(fileName, node, "stop", "must be a mapping such as { on_reply: true }");
        RejectUnknownKeys(fileName, map, "stop", StopKeys);
        var rules = StopRules.Default;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            var field = $"stop.{key}";
            rules = key switch
            {
                "on_reply" => rules with { OnReply = Bool(fileName, valueNode, field) },
                "on_teammate_reply" => rules with { OnTeammateReply = Bool(fileName, valueNode, field) },
                "on_bounce" => rules with { OnBounce = Bool(fileName, valueNode, field) },
                "on_unsubscribe" => rules with { OnUnsubscribe = Bool(fileName, valueNode, field) },
                "out_of_office" => rules with
                {
                    OutOfOffice = Scalar(fileName, valueNode, field) switch
                    {
                        "delay" => OutOfOfficeAction.Delay,
                        "ignore" => OutOfOfficeAction.Ignore,
                        "stop" => OutOfOfficeAction.Stop,
                        var other => throw Error(fileName, valueNode, field, $"'{other}' is not 'delay', 'ignore' or 'stop'"),
                    },
                },
                _ => rules with { OooDelay = Delay(fileName, valueNode, field) },
            };
        }

        return rules;
    }

    private static PastDueAction ParseIfPast(string fileName, YamlNode node, string field) =>
        Scalar(fileName, node, field) switch
        {
            "send" => PastDueAction.Send,
            "skip" => PastDueAction.Skip,
            var other => throw Error(fileName, node, field, $"'{other}' is not 'send' or 'skip'"),
        };

    private static StepDelay Delay(string fileName, YamlNode node, string field)
    {
        var text = Scalar(fileName, node, field);
        return StepDelay.TryParse(text, out var delay)
            ? delay
            : throw Error(fileName, node, field, $"'{text}' is not a wait; write for example '3 business days', '2 days' or '12 hours'");
    }

    private static bool Bool(string fileName, YamlNode node, string field) => YamlNodes.Bool(fileName, node, field, Fail);

    private static YamlMappingNode LoadRoot(string fileName, string text) =>
        YamlNodes.LoadRoot(fileName, text, "'name' and 'steps'", RootKeys, Fail);

    private static YamlNode? Optional(YamlMappingNode map, string key) => YamlNodes.Optional(map, key);

    private static YamlNode Require(string fileName, YamlMappingNode map, string key, string? parent = null) =>
        YamlNodes.Require(fileName, map, key, parent, Fail);

    private static string Scalar(string fileName, YamlNode node, string field) => YamlNodes.Scalar(fileName, node, field, Fail);

    private static void RejectUnknownKeys(string fileName, YamlMappingNode map, string? parent, string[] known) =>
        YamlNodes.RejectUnknownKeys(fileName, map, parent, known, Fail);

    private static Exception Error(string fileName, YamlNode node, string field, string problem) =>
        YamlNodes.Error(fileName, node, field, problem, Fail);

    private static SequenceFileException Fail(string message, Exception? inner) => inner is null ? new(message) : new(message, inner);

    /// <summary>A parsed file before its templates are resolved.</summary>
    private sealed record Draft(string FileName, long NameLine, SequenceDefinition Sequence, IReadOnlyList<StepDraft> Steps);

    /// <summary>A parsed step before its template is resolved; the nodes place later errors on the right line.</summary>
    private sealed record StepDraft(int Number, string Field, YamlMappingNode Node, string TemplateName, YamlNode TemplateNode, StepDelay Delay,
        StepAnchor? Anchor, ThreadMode Thread, SendWindowRule? Window, StepCondition? Condition, PastDueAction? IfPast);
}
