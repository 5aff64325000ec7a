using System.Diagnostics;
using Nudge.Core.Classification;

namespace Nudge.Tests.Core.Classification;

/// <summary>Classifies every message of the labelled corpus once, for all the corpus tests.</summary>
public sealed class CorpusVerdicts
{
    public CorpusVerdicts()
    {
        var directory = LabelledCorpus.Directory();
        var rows = LabelledCorpus.Rows(directory);
        var files = rows.Select(r => File.ReadAllBytes(Path.Combine(directory, "eml", r.Id + ".eml"))).ToList();
        var clock = Stopwatch.StartNew();
        Results = [.. rows.Select((row, i) => (row, InboundClassifier.Classify(files[i])))];
        Elapsed = clock.Elapsed;
    }

    internal IReadOnlyList<(CorpusRow Row, InboundClassification Verdict)> Results { get; }

    internal TimeSpan Elapsed { get; }
}
