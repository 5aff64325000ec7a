using System.Globalization;
using System.Text;

namespace Nudge.Bench;

/// <summary>
/// <c>docs/BENCHMARKS.md</c>: one section per suite, replaced when that suite runs again, so that running one suite
/// keeps the others' figures (each with the machine and date it was measured on).
/// </summary>
public static class BenchmarksFile
{
    private const string Header =
        "# Benchmarks\n\n" +
        "Written by `./bench/run.sh [suite…]`: each section is the output of its suite's last run, with the machine and the\n" +
        "date. Reproduce a section with the command under its title. Benchmarks are not tests: `./test.sh` only runs each\n" +
        "suite at a tiny size so that they cannot rot.\n";

    /// <summary>Replaces (or adds) the suite's section in the file at <paramref name="path"/>.</summary>
    public static async Task WriteSectionAsync(string path, IBenchSuite suite, IReadOnlyList<BenchFigure> figures, DateTimeOffset measuredAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(figures);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : Header;
        var (start, end) = ($"<!-- suite:{suite.Name} -->", $"<!-- /suite:{suite.Name} -->");
        var section = new StringBuilder()
            .Append(start).Append('\n')
            .Append("## ").Append(suite.Name).Append("\n\n")
            .Append(suite.Description).Append("\n\n")
            .Append("`./bench/run.sh ").Append(suite.Name).Append("` on ")
            .Append(measuredAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(", ")
            .Append(MachineInfo.Describe()).Append(":\n\n```\n");
        foreach (var figure in figures)
        {
            section.Append(figure).Append('\n');
        }

        section.Append("```\n").Append(end);
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + section + text[(to + end.Length)..]
            : text.TrimEnd('\n') + "\n\n" + section + "\n";
        await File.WriteAllTextAsync(path, text, cancellationToken);
    }
}
