namespace Nudge.Sandbox.Model;

/// <summary>The last <c>users.watch</c> call of a mailbox; the sandbox records it but publishes nothing.</summary>
internal sealed record WatchRegistration(
    string TopicName,
    IReadOnlyList<string> LabelIds,
    string? LabelFilterBehavior,
    ulong HistoryId,
    long Expiration);
