namespace Nudge.Cli.Demo;

/// <summary>What <c>nudge demo</c> did.</summary>
/// <param name="Sequence">The sequence's name.</param>
/// <param name="Mailbox">The sandbox mailbox that sent.</param>
/// <param name="Database">The SQLite file, when kept (<c>--dir</c>).</param>
/// <param name="SimulatedDays">How many simulated days passed.</param>
/// <param name="Leads">Each lead's outcome.</param>
/// <param name="Timeline">Every event in time order.</param>
/// <param name="RejectedRows">CSV rows not imported, with line and reason.</param>
internal sealed record DemoReport(
    string Sequence,
    string Mailbox,
    string? Database,
    double SimulatedDays,
    IReadOnlyList<DemoLead> Leads,
    IReadOnlyList<DemoEvent> Timeline,
    IReadOnlyList<string> RejectedRows)
{
    public int MessagesSent => Leads.Sum(l => l.StepsSent);

    public int Count(string status) => Leads.Count(l => l.Status == status);
}
