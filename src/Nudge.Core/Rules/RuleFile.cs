using System.Text.RegularExpressions;
using Nudge.Core.Schedule;
using Nudge.Core.Sequences;
using Nudge.Core.Templates;
using Nudge.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace Nudge.Core.Rules;

/// <summary>
/// Reads an inbound rule file: YAML naming the rule, the mailbox it watches, what it matches and the template it
/// answers with, which is a <c>.liquid</c> file in a <c>templates/</c> folder beside it. Every error names the file,
/// the line and the field; an unknown field is an error too, because a misspelt limit (<c>once_per_thred</c>) silently
/// left at its default could make the rule answer more than meant.
/// </summary>
/// <example>
/// <code>
/// name: support-ack
/// mailbox: support@acme.example
/// match:
///   query: "-category:promotions has:nouserlabels"
///   from: ["*@customer.example", "vip@*"]
///   to: ["support@acme.example", "help@*"]
///   subject: "(?i)refund|invoice"
///   headers: { X-Priority: "1*" }
/// template: acknowledge
/// once_per_thread: true
/// per_sender: 24 hours
/// hours: outside
/// window: { days: mon-fri, hours: "09:00-17:00" }
/// timezone: Europe/Paris
/// then:
///   sequence: support-follow-up
/// </code>
/// </example>
public static partial class RuleFile
{
    private static readonly string[] RootKeys =
        ["name", "mailbox", "match", "template", "once_per_thread", "per_sender", "hours", "window", "timezone", "then"];

    private static readonly string[] MatchKeys = ["query", "from", "to", "subject", "headers"];
    private static readonly string[] WindowKeys = ["days", "hours"];
    private static readonly string[] ThenKeys = ["sequence"];
    private static readonly string[] NameFields = [InboundRule.NameField, InboundRule.FirstNameField, InboundRule.LastNameField];

    /// <summary>Loads the rule at <paramref name="path"/> and the template it names.</summary>
    /// <exception cref="RuleFileException">The file or its template is invalid.</exception>
    public static async Task<InboundRule> LoadAsync(string path, CancellationToken cancellationToken) =>
        (await LoadDraftAsync(path, cancellationToken)).Rule;

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> rule file in <paramref name="directory"/> (not its subfolders), each
    /// with the templates in the <c>templates/</c> folder beside it, in file-name order.
    /// </summary>
    /// <exception cref="RuleFileException">
    /// The folder does not exist, a file is invalid, or two files name the same rule (the message names both files).
    /// </exception>
    public static Task<IReadOnlyList<InboundRule>> LoadDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        YamlNodes.LoadDirectoryAsync(directory, "rule", async (path, ct) =>
        {
            var (rule, nameLine) = await LoadDraftAsync(path, ct);
            return (rule, rule.Name, nameLine);
        }, Fail, cancellationToken);

    /// <summary>Parses rule text, loading its template from <paramref name="templatesDirectory"/>.</summary>
    /// <param name="yamlText">The rule file's text.</param>
    /// <param name="fileName">The name used in errors and kept as <see cref="InboundRule.FileName"/>.</param>
    /// <param name="templatesDirectory">Where the <c>.liquid</c> templates are.</param>
    /// <param name="cancellationToken">Cancels reading the template.</param>
    /// <exception cref="RuleFileException">The text or its template is invalid.</exception>
    public static async Task<InboundRule> ParseAsync(string yamlText, string fileName, string templatesDirectory,
        CancellationToken cancellationToken)
    {
        var draft = ParseDraft(fileName, yamlText);
        var templates = await LoadTemplatesAsync(draft, templatesDirectory, cancellationToken);
        return Build(draft, templates, name => $"expected the file {Path.Combine(templatesDirectory, name + ".liquid")}");
    }

    /// <summary>Parses rule text whose templates are already parsed, by name (for tests and tools without files).</summary>
    /// <exception cref="RuleFileException">The text is invalid or names a template that is not in <paramref name="templates"/>.</exception>
    public static InboundRule Parse(string yamlText, string fileName, IReadOnlyDictionary<string, MessageTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return Build(ParseDraft(fileName, yamlText), templates,
            _ => $"known templates: {string.Join(", ", templates.Keys.Order(StringComparer.Ordinal))}");
    }

    private static async Task<(InboundRule Rule, long NameLine)> LoadDraftAsync(string path, CancellationToken cancellationToken)
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
        // A missing file is left out here; Build reports it against the 'template' line.
        var templates = new Dictionary<string, MessageTemplate>(StringComparer.Ordinal);
        var path = Path.Combine(templatesDir, draft.TemplateName + ".liquid");
        if (!File.Exists(path))
        {
            return templates;
        }

        try
        {
            templates.Add(draft.TemplateName, await TemplateFile.LoadAsync(path, cancellationToken));
        }
        catch (TemplateException ex)
        {
            throw new RuleFileException($"{draft.FileName}: line {draft.TemplateNode.Start.Line}: template {ex.Message}", ex);
        }

        return templates;
    }

    private static InboundRule Build(Draft draft, IReadOnlyDictionary<string, MessageTemplate> templates, Func<string, string> missingHint)
    {
        if (!templates.TryGetValue(draft.TemplateName, out var template))
        {
            throw Error(draft.FileName, draft.TemplateNode, "template",
                $"no template '{draft.TemplateName}': {missingHint(draft.TemplateName)}");
        }

        // A field outside the reply's set would render empty or as its fallback every time: the template was written
        // for something else (a sequence's contact fields, most likely).
        var unknown = template.UsedFields.Where(f => !InboundRule.ReplyFields.Contains(f)).ToList();
        if (unknown.Count > 0)
        {
            throw Error(draft.FileName, draft.TemplateNode, "template",
                $"'{template.Name}' uses {Fields(unknown)}, which a reply to inbound mail does not have; its template can use " +
                $"only {string.Join(", ", InboundRule.ReplyFields.Order(StringComparer.Ordinal))}");
        }

        // The sender's name comes from a display name that is often empty or an address.
        if (NameFields.FirstOrDefault(template.RequiredFields.Contains) is { } bare)
        {
            throw Error(draft.FileName, draft.TemplateNode, "template",
                $"'{template.Name}' uses field '{bare}' without a default, but a sender's name may be missing; " +
                $"write for example {{{{ {bare} | default: \"there\" }}}}");
        }

        return draft.Rule(template);
    }

    private static Draft ParseDraft(string fileName, string text)
    {
        var root = LoadRoot(fileName, text);
        var nameNode = Require(fileName, root, "name");
        var name = Scalar(fileName, nameNode, "name");
        var mailbox = Mailbox(fileName, Require(fileName, root, "mailbox"), "mailbox");
        var match = ParseMatch(fileName, Require(fileName, root, "match"));

        var templateNode = Require(fileName, root, "template");
        var templateName = Scalar(fileName, templateNode, "template");
        if (templateName.IndexOfAny(['/', '\\']) >= 0 || templateName.StartsWith('.'))
        {
            throw Error(fileName, templateNode, "template",
                $"'{templateName}' is not a template name; write the file name in templates/ without '.liquid', such as 'acknowledge'");
        }

        var oncePerThread = Optional(root, "once_per_thread") is not { } onceNode || Bool(fileName, onceNode, "once_per_thread");
        var perSender = Optional(root, "per_sender") is { } perSenderNode ? PerSender(fileName, perSenderNode) : InboundRule.DefaultPerSender;
        var (hours, window, zone) = ParseHours(fileName, root);

        string? then = null;
        if (Optional(root, "then") is { } thenNode)
        {
            var map = thenNode as YamlMappingNode
                ?? throw Error(fileName, thenNode, "then", "must be a mapping such as { sequence: support-follow-up }");
            RejectUnknownKeys(fileName, map, "then", ThenKeys);
            then = Scalar(fileName, Require(fileName, map, "sequence", "then"), "then.sequence");
        }

        return new Draft(fileName, nameNode.Start.Line, templateName, templateNode, template => new InboundRule(name, mailbox, match, template)
        {
            OncePerThread = oncePerThread,
            PerSender = perSender,
            Hours = hours,
            Window = window,
            TimeZone = zone,
            ThenSequence = then,
            FileName = fileName,
        });
    }

    private static RuleMatch ParseMatch(string fileName, YamlNode node)
    {
        const string Conditions = "query, from, to, subject or headers";
        var map = node as YamlMappingNode ?? throw Error(fileName, node, "match", $"must be a mapping with at least one of {Conditions}");
        RejectUnknownKeys(fileName, map, "match", MatchKeys);
        if (map.Children.Count == 0)
        {
            throw Error(fileName, map, "match", $"needs at least one of {Conditions}");
        }

        var match = new RuleMatch();
        if (Optional(map, "query") is { } queryNode)
        {
            match = match with { Query = Scalar(fileName, queryNode, "match.query") };
        }

        if (Optional(map, "from") is { } fromNode)
        {
            match = match with { From = Patterns(fileName, fromNode, "match.from", address: true) };
        }

        if (Optional(map, "to") is { } toNode)
        {
            match = match with { To = Patterns(fileName, toNode, "match.to", address: true) };
        }

        if (Optional(map, "subject") is { } subjectNode)
        {
            var pattern = Scalar(fileName, subjectNode, "match.subject");
            try
            {
                match = match with { Subject = new Regex(pattern, RegexOptions.CultureInvariant, RuleMatch.SubjectTimeout) };
            }
            catch (ArgumentException ex)
            {
                throw Error(fileName, subjectNode, "match.subject", $"'{pattern}' is not a .NET regular expression: {ex.Message}");
            }
        }

        if (Optional(map, "headers") is { } headersNode)
        {
            match = match with { Headers = Headers(fileName, headersNode) };
        }

        return match;
    }

    private static Dictionary<string, IReadOnlyList<string>> Headers(string fileName, YamlNode node)
    {
        var map = node as YamlMappingNode
            ?? throw Error(fileName, node, "match.headers", "must be a mapping of header name to pattern, such as { X-Priority: \"1*\" }");
        if (map.Children.Count == 0)
        {
            throw Error(fileName, map, "match.headers", "needs at least one header");
        }

        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var header = Scalar(fileName, keyNode, "match.headers");
            var field = $"match.headers.{header}";
            if (!header.All(c => c is > ' ' and <= '~' and not ':'))
            {
                throw Error(fileName, keyNode, field, $"'{header}' is not a header name");
            }

            if (!headers.TryAdd(header, Patterns(fileName, valueNode, field, address: false)))
            {
                throw Error(fileName, keyNode, field, "is listed twice (header names are case-insensitive)");
            }
        }

        return headers;
    }

    /// <summary>One pattern or a list of them.</summary>
    private static List<string> Patterns(string fileName, YamlNode node, string field, bool address)
    {
        List<(YamlNode Node, string Field)> items = node switch
        {
            YamlScalarNode => [(node, field)],
            YamlSequenceNode { Children.Count: 0 } => throw Error(fileName, node, field, "needs at least one pattern"),
            YamlSequenceNode list => [.. list.Children.Select((child, i) => (child, $"{field}[{i + 1}]"))],
            _ => throw Error(fileName, node, field, "must be a pattern or a list of patterns, such as [\"*@customer.example\", \"vip@*\"]"),
        };

        var patterns = new List<string>();
        foreach (var (itemNode, itemField) in items)
        {
            var pattern = Scalar(fileName, itemNode, itemField);

            // Without '@' or a wildcard a pattern can only equal a whole address, and no address lacks an '@':
            // "customer.example" would silently match nothing.
            if (address && pattern.IndexOfAny(['@', '*', '?']) < 0)
            {
                throw Error(fileName, itemNode, itemField,
                    $"'{pattern}' can never match an address; write for example '*@{pattern}' for a whole domain");
            }

            patterns.Add(pattern);
        }

        return patterns;
    }

    private static (RuleHours Hours, SendWindowRule? Window, TimeZoneInfo? Zone) ParseHours(string fileName, YamlMappingNode root)
    {
        var hoursNode = Optional(root, "hours");
        var windowNode = Optional(root, "window");
        var zoneNode = Optional(root, "timezone");
        var hours = hoursNode is null
            ? RuleHours.Always
            : Scalar(fileName, hoursNode, "hours") switch
            {
                "always" => RuleHours.Always,
                "business" => RuleHours.Business,
                "outside" => RuleHours.Outside,
                var other => throw Error(fileName, hoursNode, "hours", $"'{other}' is not 'always', 'business' or 'outside'"),
            };

        if (hours == RuleHours.Always)
        {
            // A window that is never consulted means the author expected hours that the rule does not keep.
            if ((windowNode ?? zoneNode) is { } unused)
            {
                var field = windowNode is not null ? "window" : "timezone";
                throw Error(fileName, unused, field, "applies only with 'hours: business' or 'hours: outside'; set 'hours' or remove it");
            }

            return (hours, null, null);
        }

        var hoursText = hours == RuleHours.Business ? "business" : "outside";
        if (windowNode is null)
        {
            throw Error(fileName, hoursNode!, "window",
                $"is required with 'hours: {hoursText}', such as {{ days: mon-fri, hours: \"09:00-17:00\" }}");
        }

        if (zoneNode is null)
        {
            throw Error(fileName, hoursNode!, "timezone", $"is required with 'hours: {hoursText}', such as 'Europe/Paris'");
        }

        return (hours, ParseWindow(fileName, windowNode), ParseZone(fileName, zoneNode));
    }

    private static SendWindowRule ParseWindow(string fileName, YamlNode node)
    {
        var map = node as YamlMappingNode ?? throw Error(fileName, node, "window", "must be a mapping with 'days' and 'hours'");
        RejectUnknownKeys(fileName, map, "window", WindowKeys);
        if (map.Children.Count == 0)
        {
            throw Error(fileName, map, "window", "needs 'days', 'hours' or both");
        }

        IReadOnlySet<DayOfWeek> days = SendWindowRule.AllDays.ToHashSet();
        if (Optional(map, "days") is { } daysNode)
        {
            var text = Scalar(fileName, daysNode, "window.days");
            if (!WindowSyntax.TryParseDays(text, out var parsed))
            {
                throw Error(fileName, daysNode, "window.days",
                    $"'{text}' is not a set of days; write for example 'mon-fri', 'mon,wed,fri', 'sat-sun' or 'every day'");
            }

            days = parsed;
        }

        var (opens, closes) = (TimeSpan.Zero, TimeSpan.FromDays(1));
        if (Optional(map, "hours") is { } hoursNode)
        {
            var text = Scalar(fileName, hoursNode, "window.hours");
            if (!WindowSyntax.TryParseHours(text, out opens, out closes, out var problem))
            {
                throw Error(fileName, hoursNode, "window.hours", problem);
            }
        }

        return new SendWindowRule(days, opens, closes);
    }

    private static TimeZoneInfo ParseZone(string fileName, YamlNode node)
    {
        var id = Scalar(fileName, node, "timezone");
        return ScheduleZones.Find(id)
            ?? throw Error(fileName, node, "timezone",
                $"'{id}' is not a known IANA time zone; write for example 'America/New_York' or 'Europe/Paris'");
    }

    private static TimeSpan? PerSender(string fileName, YamlNode node)
    {
        var text = Scalar(fileName, node, "per_sender");
        if (!StepDelay.TryParse(text, out var delay) || delay.NominalDuration is not { } span)
        {
            throw Error(fileName, node, "per_sender",
                $"'{text}' is not a duration; write for example '24 hours', '7 days' or '30 minutes', or '0' for no limit");
        }

        return span == TimeSpan.Zero ? null : span;
    }

    private static string Mailbox(string fileName, YamlNode node, string field)
    {
        var address = Scalar(fileName, node, field);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < address.Length - 1 && !address.Any(char.IsWhiteSpace) && address.IndexOfAny(['*', '?']) < 0
            ? address
            : throw Error(fileName, node, field, $"'{address}' is not an email address");
    }

    private static bool Bool(string fileName, YamlNode node, string field) => YamlNodes.Bool(fileName, node, field, Fail);

    private static YamlMappingNode LoadRoot(string fileName, string text) =>
        YamlNodes.LoadRoot(fileName, text, "'name', 'mailbox', 'match' and 'template'", RootKeys, Fail);

    private static string Fields(List<string> fields) =>
        fields.Count == 1 ? $"field '{fields[0]}'" : $"fields {string.Join(", ", fields.Select(f => $"'{f}'"))}";

    private static YamlNode? Optional(YamlMappingNode map, string key) => YamlNodes.Optional(map, key);

    private static YamlNode Require(string fileName, YamlMappingNode map, string key, string? parent = null) =>
        YamlNodes.Require(fileName, map, key, parent, Fail);

    private static string Scalar(string fileName, YamlNode node, string field) => YamlNodes.Scalar(fileName, node, field, Fail);

    private static void RejectUnknownKeys(string fileName, YamlMappingNode map, string? parent, string[] known) =>
        YamlNodes.RejectUnknownKeys(fileName, map, parent, known, Fail);

    private static Exception Error(string fileName, YamlNode node, string field, string problem) =>
        YamlNodes.Error(fileName, node, field, problem, Fail);

    private static RuleFileException Fail(string message, Exception? inner) => inner is null ? new(message) : new(message, inner);


    /// <summary>A parsed file before its template is resolved; the nodes place later errors on the right line.</summary>
    private sealed record Draft(string FileName, long NameLine, string TemplateName, YamlNode TemplateNode,
        Func<MessageTemplate, InboundRule> Rule);
}
