namespace Nudge.Cli.Demo;

/// <summary>A line of the demo's timeline.</summary>
/// <param name="Day">Simulated days since the start.</param>
/// <param name="At">The simulated instant.</param>
/// <param name="Lead">The lead's email.</param>
/// <param name="Kind">sent, replied, completed, failed...</param>
/// <param name="Detail">What happened.</param>
internal sealed record DemoEvent(double Day, DateTimeOffset At, string Lead, string Kind, string Detail);
