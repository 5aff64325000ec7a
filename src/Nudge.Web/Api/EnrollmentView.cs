namespace Nudge.Web.Api;

/// <summary>An enrollment as the API shows it.</summary>
public sealed record EnrollmentView(
    long Id,
    long ContactId,
    string Email,
    string Sequence,
    string Mailbox,
    int NextStep,
    DateTimeOffset? NextDueAt,
    string State,
    string? Why,
    string? ThreadId);
