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

    /// <summary>A verdict in the corpus's vocabulary, so that it compares with the labels.</summary>
    internal static string Label(InboundCategory category) => category switch
    {
        InboundCategory.HumanReply => "human_reply",
        InboundCategory.AutoReply => "auto_reply",
        InboundCategory.BounceHard => "bounce_hard",
        InboundCategory.BounceSoft => "bounce_soft",
        InboundCategory.UnsubscribeRequest => "unsubscribe_request",
        InboundCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
