namespace Nudge.Cli.Hosting;

/// <summary>One enrollment in <c>nudge status --json</c>.</summary>
internal sealed record StatusLine(
    long Enrollment,
    string Contact,
    string Sequence,
    string Mailbox,
    int Step,
    int Steps,
    DateTimeOffset? NextDueAt,
    string? ThreadId,
    string State,
    string? Why);
