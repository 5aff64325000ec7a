using System.Globalization;
using System.Text;
using Nudge.Core.Classification;

namespace Nudge.Tests.Core.Classification;

/// <summary>
/// The classifier against the real, third-party messages of the shared corpus. The thresholds are the product's
/// targets; the hard-versus-soft one is set just below what the classifier measurably reaches (see the report).
/// </summary>
public class CorpusClassificationTests(CorpusVerdicts corpus) : IClassFixture<CorpusVerdicts>
{
    private static readonly string[] Categories =
        ["bounce_hard", "bounce_soft", "auto_reply", "human_reply", "unsubscribe_request", "other"];

    [Fact]
    public void Classify_CorpusBounces_AtLeast98PercentAreBounces()
    {
        var bounces = corpus.Results.Where(r => r.Row.IsBounce).ToList();
        var missed = bounces.Where(r => !r.Verdict.IsBounce).ToList();

        Report($"Bounces recognised: {Rate(bounces.Count - missed.Count, bounces.Count)}", missed);
        Ratio(bounces.Count - missed.Count, bounces.Count).ShouldBeGreaterThanOrEqualTo(0.98);
    }

    [Fact]
    public void Classify_CorpusBouncesWithKnownFailedAddress_AtLeast98PercentNameIt()
    {
        var known = corpus.Results.Where(r => r.Row.FailedAddresses.Count > 0).ToList();
        var wrong = known
            .Where(r => !r.Verdict.IsBounce || r.Verdict.FailedRecipient is not { } got || !r.Row.FailedAddresses.Contains(got))
            .ToList();
        var allNamed = known.Count(r => r.Row.FailedAddresses.SetEquals(r.Verdict.FailedRecipients));

        Report($"Failed recipient right: {Rate(known.Count - wrong.Count, known.Count)}; "
            + $"every failed address listed: {Rate(allNamed, known.Count)}", wrong);
        known.Count.ShouldBeGreaterThan(0);
        Ratio(known.Count - wrong.Count, known.Count).ShouldBeGreaterThanOrEqualTo(0.98);
    }

    [Fact]
    public void Classify_CorpusBounces_AtLeast98PercentAreBouncesNamingAFailedRecipient()
    {
        // Most rows label no address; a bounce that names none cannot stop anyone's sequence, whatever its category.
        var bounces = corpus.Results.Where(r => r.Row.IsBounce).ToList();
        var unnamed = bounces.Where(r => !r.Verdict.IsBounce || r.Verdict.FailedRecipient is null).ToList();

        Report($"Bounces recognised with a failed recipient: {Rate(bounces.Count - unnamed.Count, bounces.Count)}", unnamed);
        Ratio(bounces.Count - unnamed.Count, bounces.Count).ShouldBeGreaterThanOrEqualTo(0.98);
    }

    [Fact]
    public void Classify_CorpusBouncesWithLabelledStatus_AtLeast95PercentReportThatStatus()
    {
        var labelled = corpus.Results.Where(r => r.Row.IsBounce && r.Row.Statuses.Count > 0).ToList();
        var wrong = labelled.Where(r => r.Verdict.Status is not { } got || !r.Row.Statuses.Contains(got)).ToList();

        Report($"Status code as labelled: {Rate(labelled.Count - wrong.Count, labelled.Count)}", wrong);
        labelled.Count.ShouldBeGreaterThan(0);
        Ratio(labelled.Count - wrong.Count, labelled.Count).ShouldBeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void Classify_CorpusAutoReplies_AtLeast97PercentAreAutoReplies()
    {
        var autoReplies = corpus.Results.Where(r => r.Row.Category == "auto_reply").ToList();
        var missed = autoReplies.Where(r => r.Verdict.Category != InboundCategory.AutoReply).ToList();

        Report($"Auto-replies recognised: {Rate(autoReplies.Count - missed.Count, autoReplies.Count)}", missed);
        Ratio(autoReplies.Count - missed.Count, autoReplies.Count).ShouldBeGreaterThanOrEqualTo(0.97);
    }

    [Fact]
    public void Classify_CorpusHumanReplies_AtMost1PercentTakenForAutomatedMail()
    {
        var humans = corpus.Results.Where(r => r.Row.Category == "human_reply").ToList();
        var automated = humans
            .Where(r => r.Verdict.Category is not (InboundCategory.HumanReply or InboundCategory.UnsubscribeRequest))
            .ToList();

        Report($"Human replies taken for automated mail: {Rate(automated.Count, humans.Count)}", automated);
        humans.Count.ShouldBeGreaterThan(0);
        Ratio(automated.Count, humans.Count).ShouldBeLessThanOrEqualTo(0.01);
    }

    [Fact]
    public void Classify_CorpusBounces_HardVersusSoftAgreesOnAtLeast90PercentOfUncontestedRows()
    {
        var both = corpus.Results.Where(r => r.Row.IsBounce && r.Verdict.IsBounce).ToList();
        var uncontested = both.Where(r => !r.Row.IsContested).ToList();
        var disagree = uncontested.Where(r => InboundCategoryNames.Name(r.Verdict.Category) != r.Row.Category).ToList();
        var agreeAll = both.Count(r => InboundCategoryNames.Name(r.Verdict.Category) == r.Row.Category);

        Report($"Hard/soft agreement: uncontested {Rate(uncontested.Count - disagree.Count, uncontested.Count)}, "
            + $"all rows {Rate(agreeAll, both.Count)}", disagree);
        Ratio(uncontested.Count - disagree.Count, uncontested.Count).ShouldBeGreaterThanOrEqualTo(0.90);
    }

    [Fact]
    public void Classify_WholeCorpus_ReportsConfusionMatrixAndPerCategoryPrecisionRecall()
    {
        var matrix = new Dictionary<(string Label, string Got), int>();
        foreach (var (row, verdict) in corpus.Results)
        {
            var key = (row.Category, InboundCategoryNames.Name(verdict.Category));
            matrix[key] = matrix.GetValueOrDefault(key) + 1;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{corpus.Results.Count} messages classified in {corpus.Elapsed.TotalMilliseconds:F0} ms (first call included)");
        text.Append("label \\ verdict".PadRight(22)).AppendJoin("", Categories.Select(c => Short(c).PadLeft(9))).AppendLine("   recall");
        foreach (var label in Categories)
        {
            var total = Categories.Sum(c => matrix.GetValueOrDefault((label, c)));
            text.Append(label.PadRight(22))
                .AppendJoin("", Categories.Select(c => Count(matrix, label, c).PadLeft(9)))
                .AppendLine(Percent(matrix.GetValueOrDefault((label, label)), total).PadLeft(9));
        }

        text.Append("precision".PadRight(22))
            .AppendJoin("", Categories.Select(c => Percent(matrix.GetValueOrDefault((c, c)), ColumnTotal(matrix, c)).PadLeft(9)))
            .AppendLine();
        TestContext.Current.TestOutputHelper?.WriteLine(text.ToString());

        matrix.Values.Sum().ShouldBe(corpus.Results.Count);
    }

    private static void Report(string headline, IEnumerable<(CorpusRow Row, InboundClassification Verdict)> misses)
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(headline);
        foreach (var (row, verdict) in misses)
        {
            var contested = row.IsContested ? " (contested)" : "";
            output?.WriteLine($"  {row.Id} labelled {row.Category}{contested}, got {InboundCategoryNames.Name(verdict.Category)}"
                + $" recipient={verdict.FailedRecipient ?? "-"} status={verdict.Status ?? "-"}: {string.Join(" | ", verdict.Evidence)}");
        }
    }

    private static string Count(Dictionary<(string Label, string Got), int> matrix, string label, string got) =>
        matrix.GetValueOrDefault((label, got)).ToString(CultureInfo.InvariantCulture);

    private static int ColumnTotal(Dictionary<(string Label, string Got), int> matrix, string got) =>
        Categories.Sum(label => matrix.GetValueOrDefault((label, got)));

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Rate(int part, int whole) => $"{part}/{whole} ({Percent(part, whole)})";

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);

    private static string Short(string category) => category.Length <= 8 ? category : category[..8];
}
