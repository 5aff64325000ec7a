using System.CommandLine;
using Microsoft.Extensions.Logging;
using Nudge.Core.Rules;
using Nudge.Core.Scheduling;
using Nudge.Core.Sequences;
using Nudge.Core.Unsubscribe;

namespace Nudge.Cli.Hosting;

/// <summary>
/// The options of the commands that host the worker (<c>nudge run</c>, <c>nudge serve --worker</c>): pacing, leases,
/// the inbound rules, the public URL of the unsubscribe links and the push topic.
/// </summary>
internal sealed class WorkerCommandOptions
{
    public Option<TimeSpan?> Poll { get; } = new("--poll") { Description = "Pause between cycles (default 30s)", CustomParser = Durations.Parse };

    public Option<TimeSpan?> Lease { get; } = new("--lease")
    {
        Description = "How long a claimed step or mailbox stays this worker's; a dead worker's work is taken over after it (default 5m)",
        CustomParser = Durations.Parse,
    };

    public Option<TimeSpan?> SendGap { get; } = new("--send-gap")
    {
        Description = "Pacing between two sends of one mailbox, jittered ±50% (default 20s; 0 for rehearsals on the sandbox)",
        CustomParser = Durations.Parse,
    };

    public Option<TimeSpan?> ReconcileDelay { get; } = new("--reconcile-delay")
    {
        Description = "Wait before checking Gmail for a send whose outcome is unknown (default 2m)",
        CustomParser = Durations.Parse,
    };

    public Option<string?> WorkerId { get; } = new("--worker-id") { Description = "This worker's id among those sharing the database (default: host:pid:random)" };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "Log warnings and errors only" };

    public Option<string?> Rules { get; } = new("--rules")
    {
        Description = "Folder of inbound rules (*.yaml, templates in templates/ beside them) that answer new mail (default: $NUDGE_RULES, else ./rules if it exists)",
    };

    public Option<string?> PublicUrl { get; } = new("--public-url")
    {
        Description = "Public https address of `nudge serve`: sequence mail then carries a one-click unsubscribe link there (default: $NUDGE_PUBLIC_URL)",
    };

    public Option<string?> PushTopic { get; } = new("--push-topic")
    {
        Description = "Pub/Sub topic for Gmail push notifications (projects/P/topics/T); polling goes on as the safety net (default: $NUDGE_PUSH_TOPIC)",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Poll, Lease, SendGap, ReconcileDelay, WorkerId, Quiet, Rules, PublicUrl, PushTopic })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The worker's options from the command line and the environment.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public WorkerOptions Build(ParseResult parse)
    {
        var options = new WorkerOptions();
        options.PollInterval = parse.GetValue(Poll) ?? options.PollInterval;
        options.Lease = parse.GetValue(Lease) ?? options.Lease;
        options.ReconcileDelay = parse.GetValue(ReconcileDelay) ?? options.ReconcileDelay;
        options.Quota.SendGap = parse.GetValue(SendGap) ?? options.Quota.SendGap;
        options.WorkerId = parse.GetValue(WorkerId) ?? options.WorkerId;
        if (options.PollInterval <= TimeSpan.Zero || options.Lease <= TimeSpan.Zero)
        {
            throw new ArgumentException("--poll and --lease must be more than zero");
        }

        // Other workers are taken for dead after a few missed cycles, never sooner than the poll allows.
        options.WorkerTimeout = TimeSpan.FromTicks(Math.Max(options.PollInterval.Ticks * 4, TimeSpan.FromSeconds(10).Ticks));
        if ((parse.GetValue(PublicUrl) ?? Environment.GetEnvironmentVariable("NUDGE_PUBLIC_URL")) is { Length: > 0 } url)
        {
            options.PublicBaseUrl = PublicBaseUrl(url);
        }

        options.PushTopic = parse.GetValue(PushTopic) ?? (Environment.GetEnvironmentVariable("NUDGE_PUSH_TOPIC") is { Length: > 0 } topic ? topic : null);
        return options;
    }

    /// <summary>
    /// The inbound rules the options name (none without a folder), checked against the sequences: a rule's follow-up
    /// sequence must exist and send from the rule's mailbox, since it replies in the thread the rule answered.
    /// </summary>
    /// <exception cref="RuleFileException">A rule file is invalid, or names a sequence that cannot follow it up.</exception>
    public async Task<IReadOnlyList<InboundRule>> LoadRulesAsync(ParseResult parse, SequenceCatalog sequences, CancellationToken cancellationToken)
    {
        var given = parse.GetValue(Rules) ?? (Environment.GetEnvironmentVariable("NUDGE_RULES") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (given is null && !Directory.Exists("rules"))
        {
            return [];
        }

        var rules = await RuleFile.LoadDirectoryAsync(Path.GetFullPath(given ?? "rules"), cancellationToken);
        foreach (var rule in rules)
        {
            if (rule.ThenSequence is not { } name)
            {
                continue;
            }

            if (sequences.Find(name) is not { } sequence)
            {
                throw new RuleFileException($"{rule.FileName}: then.sequence: no sequence named '{name}' is loaded (see --sequences)");
            }

            if (sequence.Mailboxes.Count > 0 && !sequence.Mailboxes.Contains(rule.Mailbox, StringComparer.OrdinalIgnoreCase))
            {
                throw new RuleFileException(
                    $"{rule.FileName}: then.sequence: '{name}' sends from {string.Join(", ", sequence.Mailboxes)}, not from {rule.Mailbox}; " +
                    "a follow-up replies in the thread the rule answered, so it must send from the rule's mailbox");
            }
        }

        return rules;
    }

    public static ILoggerFactory CreateLoggerFactory(bool quiet) => LoggerFactory.Create(b => b
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = true;
        })
        .SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information));

    private static Uri PublicBaseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"--public-url '{text}' is not an absolute address such as https://nudge.example.com/");
        }

        // Mail clients open it: https (http only on loopback, for rehearsals), no credentials, no query.
        UnsubscribeLinks.ValidatePublicBaseUrl(uri);
        return uri;
    }
}
