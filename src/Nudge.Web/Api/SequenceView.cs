namespace Nudge.Web.Api;

/// <summary>A sequence the engine runs, summed up.</summary>
/// <param name="Name">Its name, which enrollments name.</param>
/// <param name="Mailboxes">The mailboxes it sends from (none: the only one connected).</param>
/// <param name="TimeZone">The zone for contacts without a <c>timezone</c> field.</param>
/// <param name="Window">Its sending window, when it has one.</param>
/// <param name="Paused">Whether it is paused as a whole.</param>
/// <param name="Fields">Every contact field its steps read.</param>
/// <param name="Steps">Its steps, in order.</param>
public sealed record SequenceView(string Name, IReadOnlyList<string> Mailboxes, string? TimeZone, string? Window, bool Paused,
    IReadOnlyList<string> Fields, IReadOnlyList<SequenceStepView> Steps);
