namespace Nudge.Cli.Hosting;

/// <summary><c>nudge import --json</c>.</summary>
internal sealed record ImportOutput(int Imported, int Enrolled, IReadOnlyList<ImportRejection> Rejected);
