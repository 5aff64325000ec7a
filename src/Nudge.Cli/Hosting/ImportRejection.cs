namespace Nudge.Cli.Hosting;

/// <summary>A refused CSV row in <c>nudge import --json</c>.</summary>
internal sealed record ImportRejection(int Line, string Reason);
