using System.Text.RegularExpressions;

namespace Nudge.IntegrationTests.Support;

/// <summary>What one run of the <c>nudge</c> program returned and printed.</summary>
internal sealed partial record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// Standard output with every run of white space (line breaks included) made one space: Spectre.Console wraps its
    /// lines at 80 columns when the output is not a terminal, so a long message may come split over two lines.
    /// </summary>
    public string FlatStdout => Flatten(Stdout);

    /// <summary>Standard error, flattened like <see cref="FlatStdout"/>.</summary>
    public string FlatStderr => Flatten(Stderr);

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    private static string Flatten(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
