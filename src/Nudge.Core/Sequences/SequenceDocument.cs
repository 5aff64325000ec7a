using System.Globalization;
using System.Text;
using Nudge.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace Nudge.Core.Sequences;

/// <summary>
/// A sequence file's keys as the user wrote them (<c>3 business days</c> stays that text), for editing it in a form and
/// writing it back in the format <see cref="SequenceFile"/> reads.
/// </summary>
/// <remarks>
/// <para>
/// This reads and writes the file's shape only; the meaning (is <c>3 busines days</c> a wait?) is checked by parsing
/// <see cref="ToYaml"/>'s text with <see cref="SequenceFile"/>, whose errors name the line and the field
/// (<c>steps[2].wait</c>), and so name the form's field too.
/// </para>
/// <para>
/// <see cref="ToYaml"/> writes every key it has and nothing else: the file's comments are not kept.
/// </para>
/// </remarks>
public sealed class SequenceDocument
{
    private static readonly char[] ListSeparators = [',', ';', '\n', '\r', ' ', '\t'];

    /// <summary>The sequence's name (<c>name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The mailbox, or the pool of mailboxes separated by commas (<c>mailbox</c> or <c>mailboxes</c>).</summary>
    public string? Mailboxes { get; set; }

    /// <summary>The IANA zone for contacts without a <c>timezone</c> field (<c>timezone</c>).</summary>
    public string? TimeZone { get; set; }

    /// <summary>The days of the send window (<c>window.days</c>), such as <c>mon-fri</c>.</summary>
    public string? WindowDays { get; set; }

    /// <summary>The hours of the send window (<c>window.hours</c>), such as <c>09:00-17:00</c>.</summary>
    public string? WindowHours { get; set; }

    /// <summary>The holidays as <c>yyyy-MM-dd</c> dates separated by commas (<c>holidays</c>).</summary>
    public string? Holidays { get; set; }

    /// <summary><c>send</c> or <c>skip</c>: what an <c>at</c> step whose time has passed does (<c>if_past</c>).</summary>
    public string? IfPast { get; set; }

    /// <summary>Stop when the contact replies (<c>stop.on_reply</c>).</summary>
    public bool StopOnReply { get; set; } = StopRules.Default.OnReply;

    /// <summary>Stop when a teammate replies in the thread (<c>stop.on_teammate_reply</c>).</summary>
    public bool StopOnTeammateReply { get; set; } = StopRules.Default.OnTeammateReply;

    /// <summary>Stop and suppress on a bounce (<c>stop.on_bounce</c>).</summary>
    public bool StopOnBounce { get; set; } = StopRules.Default.OnBounce;

    /// <summary>Stop and suppress on an unsubscribe (<c>stop.on_unsubscribe</c>).</summary>
    public bool StopOnUnsubscribe { get; set; } = StopRules.Default.OnUnsubscribe;

    /// <summary><c>delay</c>, <c>ignore</c> or <c>stop</c> on an out-of-office reply (<c>stop.out_of_office</c>).</summary>
    public string? OutOfOffice { get; set; }

    /// <summary>The delay after an out-of-office reply without a return date (<c>stop.ooo_delay</c>).</summary>
    public string? OooDelay { get; set; }

    /// <summary>The steps, in order.</summary>
    public List<SequenceDocumentStep> Steps { get; set; } = [];

    /// <summary>Reads a sequence file's keys as written.</summary>
    /// <param name="yamlText">The file's text.</param>
    /// <param name="fileName">The name errors give.</param>
    /// <exception cref="SequenceFileException">The text is not YAML, or not shaped as a sequence file.</exception>
    public static SequenceDocument Read(string yamlText, string fileName)
    {
        var root = YamlNodes.LoadRoot(fileName, yamlText, "'name' and 'steps'", SequenceFile.RootKeys, Fail);
        var document = new SequenceDocument
        {
            Name = Text(root, "name"),
            Mailboxes = Text(root, "mailbox") ?? List(fileName, root, "mailboxes"),
            TimeZone = Text(root, "timezone"),
            Holidays = List(fileName, root, "holidays"),
            IfPast = Text(root, "if_past"),
        };
        (document.WindowDays, document.WindowHours) = Window(fileName, root, "window");

        if (YamlNodes.Optional(root, "stop") is { } stopNode)
        {
            var stop = stopNode as YamlMappingNode
                ?? throw YamlNodes.Error(fileName, stopNode, "stop", "must be a mapping such as { on_reply: true }", Fail);
            document.StopOnReply = Flag(fileName, stop, "on_reply", document.StopOnReply);
            document.StopOnTeammateReply = Flag(fileName, stop, "on_teammate_reply", document.StopOnTeammateReply);
            document.StopOnBounce = Flag(fileName, stop, "on_bounce", document.StopOnBounce);
            document.StopOnUnsubscribe = Flag(fileName, stop, "on_unsubscribe", document.StopOnUnsubscribe);
            document.OutOfOffice = Text(stop, "out_of_office");
            document.OooDelay = Text(stop, "ooo_delay");
        }

        if (YamlNodes.Optional(root, "steps") is YamlSequenceNode steps)
        {
            var number = 0;
            foreach (var node in steps.Children)
            {
                number++;
                var step = node as YamlMappingNode
                    ?? throw YamlNodes.Error(fileName, node, $"steps[{number}]", "must be a mapping with 'template' and 'wait' (or 'at')", Fail);
                var (days, hours) = Window(fileName, step, $"steps[{number}].window");
                document.Steps.Add(new SequenceDocumentStep
                {
                    Template = Text(step, "template"),
                    Wait = Text(step, "wait"),
                    At = Text(step, "at"),
                    Thread = Text(step, "thread"),
                    When = Text(step, "when"),
                    WindowDays = days,
                    WindowHours = hours,
                    IfPast = Text(step, "if_past"),
                });
            }
        }

        return document;
    }

    /// <summary>The sequence file's text: every key that is not blank, the steps that are not blank, in the file's usual order.</summary>
    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.Append("# Saved from the Nudge dashboard. The command line reads this file like any other sequence file.\n");
        Line(yaml, "", "name", Name);
        var mailboxes = Split(Mailboxes);
        if (mailboxes.Count == 1)
        {
            Line(yaml, "", "mailbox", mailboxes[0]);
        }
        else if (mailboxes.Count > 1)
        {
            yaml.Append("mailboxes: [").AppendJoin(", ", mailboxes.Select(Scalar)).Append("]\n");
        }

        Line(yaml, "", "timezone", TimeZone);
        WindowLine(yaml, "", WindowDays, WindowHours);
        var holidays = Split(Holidays);
        if (holidays.Count > 0)
        {
            yaml.Append("holidays: [").AppendJoin(", ", holidays.Select(Scalar)).Append("]\n");
        }

        Line(yaml, "", "if_past", IfPast);
        yaml.Append("stop:\n");
        Line(yaml, "  ", "on_reply", Bool(StopOnReply));
        Line(yaml, "  ", "on_teammate_reply", Bool(StopOnTeammateReply));
        Line(yaml, "  ", "on_bounce", Bool(StopOnBounce));
        Line(yaml, "  ", "on_unsubscribe", Bool(StopOnUnsubscribe));
        Line(yaml, "  ", "out_of_office", OutOfOffice);
        Line(yaml, "  ", "ooo_delay", OooDelay);
        yaml.Append("steps:\n");
        foreach (var step in Steps.Where(s => !s.IsBlank))
        {
            // The first key carries the list's dash, and an empty template still holds the step's place for the error.
            yaml.Append("  - template: ").Append(Scalar(step.Template?.Trim() ?? "")).Append('\n');
            Line(yaml, "    ", "wait", step.Wait);
            Line(yaml, "    ", "at", step.At);
            Line(yaml, "    ", "thread", step.Thread?.Trim() is "reply" ? null : step.Thread);
            Line(yaml, "    ", "when", step.When);
            WindowLine(yaml, "    ", step.WindowDays, step.WindowHours);
            Line(yaml, "    ", "if_past", step.IfPast);
        }

        return yaml.ToString();
    }

    /// <summary>
    /// A YAML scalar for <paramref name="value"/>: plain when it reads back as the same text, else double-quoted.
    /// </summary>
    internal static string Scalar(string value)
    {
        // A plain scalar must not start with an indicator ('@', '-', '.' and the like are reserved or ambiguous there).
        if (value.Length > 0 && char.IsAsciiLetterOrDigit(value[0])
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '_' or '/' or '+' or '-' or ' ')
            && !value.EndsWith(' ')
            && value.ToLowerInvariant() is not ("null" or "~" or "yes" or "no" or "on" or "off" or "y" or "n"))
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private static void Line(StringBuilder yaml, string indent, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            yaml.Append(indent).Append(key).Append(": ").Append(Scalar(value.Trim())).Append('\n');
        }
    }

    private static void WindowLine(StringBuilder yaml, string indent, string? days, string? hours)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(days))
        {
            parts.Add("days: " + Scalar(days.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(hours))
        {
            parts.Add("hours: " + Scalar(hours.Trim()));
        }

        if (parts.Count > 0)
        {
            yaml.Append(indent).Append("window: { ").AppendJoin(", ", parts).Append(" }\n");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? Text(YamlMappingNode map, string key) =>
        YamlNodes.Optional(map, key) is YamlScalarNode { Value: { } value } && value.Trim().Length > 0 ? value.Trim() : null;

    private static string? List(string fileName, YamlMappingNode map, string key)
    {
        if (YamlNodes.Optional(map, key) is not { } node)
        {
            return null;
        }

        var list = node as YamlSequenceNode ?? throw YamlNodes.Error(fileName, node, key, "must be a list", Fail);
        return string.Join(", ", list.Children.OfType<YamlScalarNode>().Select(s => s.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v)));
    }

    private static (string? Days, string? Hours) Window(string fileName, YamlMappingNode map, string field)
    {
        if (YamlNodes.Optional(map, "window") is not { } node)
        {
            return (null, null);
        }

        var window = node as YamlMappingNode ?? throw YamlNodes.Error(fileName, node, field, "must be a mapping with 'days' and 'hours'", Fail);
        return (Text(window, "days"), Text(window, "hours"));
    }

    private static bool Flag(string fileName, YamlMappingNode map, string key, bool fallback) =>
        YamlNodes.Optional(map, key) is { } node ? YamlNodes.Bool(fileName, node, "stop." + key, Fail) : fallback;

    private static SequenceFileException Fail(string message, Exception? inner) => inner is null ? new(message) : new(message, inner);
}
