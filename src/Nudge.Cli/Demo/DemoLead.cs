namespace Nudge.Cli.Demo;

/// <summary>One lead's outcome in the demo.</summary>
/// <param name="Name">The lead's name, or their email when the CSV gives none.</param>
/// <param name="Email">The lead's address.</param>
/// <param name="StepsSent">How many steps went out to them.</param>
/// <param name="ThreadId">The sandbox Gmail thread holding their messages.</param>
/// <param name="Status">completed, replied, stopped-by-teammate or failed.</param>
/// <param name="Reason">Why it ended, when not completed.</param>
internal sealed record DemoLead(string Name, string Email, int StepsSent, string? ThreadId, string Status, string? Reason);
