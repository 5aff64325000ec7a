using System.Globalization;
using System.Text.Json;

namespace Nudge.Sandbox.Recipients;

/// <summary>
/// The scripted recipients of a sandbox: an ordered list of <see cref="RecipientRule"/>s. For each recipient of a sent
/// message, the first rule that matches the address and still has triggers left applies.
/// </summary>
/// <remarks>
/// The JSON form, read by <see cref="Load"/> and <see cref="Parse"/> and served by <c>GET /sandbox/recipients</c>:
/// <code>
/// {"rules":[
///   {"match":"chloe@example.fr","behaviour":"reply","after":"26h","text":"Yes, let's talk"},
///   {"match":"leo@example.it","behaviour":"out-of-office","after":"2m","returnDate":"2026-12-07"},
///   {"match":"*@bounce.example","behaviour":"hard-bounce"}
/// ]}
/// </code>
/// Fields: <c>match</c> (required), <c>behaviour</c> (required: reply, out-of-office, hard-bounce, soft-bounce,
/// unsubscribe), <c>after</c> (e.g. 30m, 26h, 3d, 1d12h; default 0), <c>text</c>, <c>subject</c> and
/// <c>returnDate</c> (yyyy-MM-dd) for out-of-office, <c>oncePerSenderDays</c> (default 4), <c>times</c> (a count
/// or "always").
/// </remarks>
public sealed class RecipientScript
{
    private static readonly string[] KnownFields =
        ["match", "behaviour", "behavior", "after", "text", "subject", "returnDate", "oncePerSenderDays", "times"];

    /// <summary>Initializes a new instance of the <see cref="RecipientScript"/> class.</summary>
    /// <param name="rules">The rules, in the order they are tried.</param>
    /// <exception cref="ArgumentException">A rule is invalid; the message names its index and field.</exception>
    public RecipientScript(IEnumerable<RecipientRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules.ToList();
        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i] is null)
            {
                throw new ArgumentException($"rules[{i}] is null.", nameof(rules));
            }

            if (Rules[i].Validate() is { } problem)
            {
                throw new ArgumentException($"rules[{i}].{problem.Field}: {problem.Message}", nameof(rules));
            }
        }
    }

    /// <summary>Gets a script without rules: nobody answers.</summary>
    public static RecipientScript Empty { get; } = new([]);

    /// <summary>Gets the rules, in the order they are tried.</summary>
    public IReadOnlyList<RecipientRule> Rules { get; }

    /// <summary>Reads a rules file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The script.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid script; the message names the file, the rule
    /// index and the field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RecipientScript Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a script from its JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="source">Names the JSON's origin in error messages, e.g. a file path.</param>
    /// <returns>The script.</returns>
    /// <exception cref="InvalidDataException">The JSON is not a valid script; the message names
    /// <paramref name="source"/>, the rule index and the field.</exception>
    public static RecipientScript Parse(string json, string source = "recipients script")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: invalid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: expected an object with a \"rules\" array.");
            }

            var parsed = new List<RecipientRule>();
            var index = 0;
            foreach (var element in rules.EnumerateArray())
            {
                parsed.Add(ReadRule(element, $"{source}: rules[{index}]"));
                index++;
            }

            return new RecipientScript(parsed);
        }
    }

    private static RecipientRule ReadRule(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: expected an object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{where}.{property.Name}: unknown field; known fields are {string.Join(", ", KnownFields.Where(f => f != "behavior"))}.");
            }
        }

        var match = String(element, "match", where) ?? throw new InvalidDataException($"{where}.match: required.");
        var behaviourText = String(element, "behaviour", where) ?? String(element, "behavior", where)
            ?? throw new InvalidDataException($"{where}.behaviour: required (reply, out-of-office, hard-bounce, soft-bounce or unsubscribe).");
        if (ParseBehaviour(behaviourText) is not { } behaviour)
        {
            throw new InvalidDataException($"{where}.behaviour: '{behaviourText}' is not one of reply, out-of-office, hard-bounce, soft-bounce, unsubscribe.");
        }

        var delay = TimeSpan.Zero;
        if (String(element, "after", where) is { } after && !Durations.TryParse(after, out delay))
        {
            throw new InvalidDataException($"{where}.after: '{after}' is not a duration; write e.g. 30m, 26h, 3d or 1d12h.");
        }

        DateOnly? returnDate = null;
        if (String(element, "returnDate", where) is { } date)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDate))
            {
                throw new InvalidDataException($"{where}.returnDate: '{date}' is not a date; write yyyy-MM-dd.");
            }

            returnDate = parsedDate;
        }

        var rule = new RecipientRule
        {
            Match = match,
            Behaviour = behaviour,
            Delay = delay,
            Text = String(element, "text", where),
            Subject = String(element, "subject", where),
            ReturnDate = returnDate,
            OncePerSenderDays = Integer(element, "oncePerSenderDays", where) ?? 4,
            Times = Times(element, where),
        };

        if (rule.Validate() is { } problem)
        {
            throw new InvalidDataException($"{where}.{problem.Field}: {problem.Message}");
        }

        return rule;
    }

    /// <summary>Gets the script the options ask for: <see cref="GmailSandboxOptions.Recipients"/> or the file
    /// <see cref="GmailSandboxOptions.RecipientsFile"/> (not both), or none.</summary>
    internal static RecipientScript FromOptions(GmailSandboxOptions options)
    {
        if (options.Recipients is not null && options.RecipientsFile is not null)
        {
            throw new ArgumentException("Set either GmailSandboxOptions.Recipients or RecipientsFile, not both.", nameof(options));
        }

        return options.Recipients ?? (options.RecipientsFile is { } path ? Load(path) : Empty);
    }

    internal static string FormatBehaviour(RecipientBehaviour behaviour) => behaviour switch
    {
        RecipientBehaviour.Reply => "reply",
        RecipientBehaviour.OutOfOffice => "out-of-office",
        RecipientBehaviour.HardBounce => "hard-bounce",
        RecipientBehaviour.SoftBounce => "soft-bounce",
        RecipientBehaviour.Unsubscribe => "unsubscribe",
        _ => behaviour.ToString(),
    };

    // Accepts the file's spelling (hard-bounce) as well as the enum's (HardBounce, hardBounce, hard_bounce).
    internal static RecipientBehaviour? ParseBehaviour(string text) =>
        text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "REPLY" => RecipientBehaviour.Reply,
            "OUTOFOFFICE" or "OOO" or "VACATION" => RecipientBehaviour.OutOfOffice,
            "HARDBOUNCE" => RecipientBehaviour.HardBounce,
            "SOFTBOUNCE" => RecipientBehaviour.SoftBounce,
            "UNSUBSCRIBE" => RecipientBehaviour.Unsubscribe,
            _ => null,
        };

    private static string? String(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidDataException($"{where}.{name}: expected a string.");
    }

    private static int? Integer(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new InvalidDataException($"{where}.{name}: expected a whole number.");
    }

    private static int? Times(JsonElement element, string where)
    {
        if (element.TryGetProperty("times", out var value)
            && value.ValueKind == JsonValueKind.String
            && string.Equals(value.GetString(), "always", StringComparison.OrdinalIgnoreCase))
        {
            return RecipientRule.Always;
        }

        try
        {
            return Integer(element, "times", where);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{where}.times: expected a whole number or \"always\".", e);
        }
    }
}
