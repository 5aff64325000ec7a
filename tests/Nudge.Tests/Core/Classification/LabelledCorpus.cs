namespace Nudge.Tests.Core.Classification;

/// <summary>
/// The shared labelled mail corpus (/work/shared/corpus, see its README): found through NUDGE_CORPUS_DIR, else next to
/// the repository root above the test binaries, else at its usual absolute path. Never copied into the repository.
/// </summary>
internal static class LabelledCorpus
{
    private const string EnvironmentVariable = "NUDGE_CORPUS_DIR";
    private const string UsualPath = "/work/shared/corpus";

    /// <summary>The corpus directory; throws with the places searched when there is none, so the test fails rather than skips.</summary>
    public static string Directory()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            // A wrong explicit setting is a mistake to report, not a reason to quietly read some other copy.
            return IsCorpus(configured)
                ? configured
                : throw new InvalidOperationException($"{EnvironmentVariable}={configured} holds no labels.csv and eml/ folder.");
        }

        var tried = new List<string>();

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // shared/ is a sibling of the repository root (/work/main next to /work/shared), or a child of a parent.
            string[] candidates = [Path.Combine(dir.FullName, "shared", "corpus"), Path.Combine(dir.FullName, "..", "shared", "corpus")];
            foreach (var candidate in candidates)
            {
                if (IsCorpus(candidate))
                    return Path.GetFullPath(candidate);
            }
        }

        tried.Add($"shared/corpus and ../shared/corpus above {AppContext.BaseDirectory}");
        if (IsCorpus(UsualPath))
            return UsualPath;
        tried.Add(UsualPath);
        throw new InvalidOperationException(
            $"The labelled mail corpus was not found (tried {string.Join("; ", tried)}). "
            + $"Set {EnvironmentVariable} to the folder holding labels.csv and eml/.");
    }

    /// <summary>Every labelled message: id, category and the parsed <c>expected</c> column.</summary>
    public static IReadOnlyList<CorpusRow> Rows(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, "labels.csv")).Skip(1).Where(l => l.Length > 0).Select(CorpusRow.Parse)];

    private static bool IsCorpus(string path) =>
        File.Exists(Path.Combine(path, "labels.csv")) && System.IO.Directory.Exists(Path.Combine(path, "eml"));
}
