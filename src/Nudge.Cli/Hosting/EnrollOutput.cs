namespace Nudge.Cli.Hosting;

/// <summary><c>nudge enroll --json</c>.</summary>
internal sealed record EnrollOutput(bool Enrolled, long? ContactId, long? EnrollmentId, int? FirstStep, DateTimeOffset? FirstDueAt, string? Mailbox,
    string? Rejection);
