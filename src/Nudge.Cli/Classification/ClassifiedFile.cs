using Nudge.Core.Classification;

namespace Nudge.Cli.Classification;

/// <summary>One element of <c>nudge classify --json</c>: the verdict on one message file, its properties in this order.</summary>
/// <param name="File">The path as given, or the folder given joined with the file's name.</param>
/// <param name="Category">The category in snake_case, as <see cref="InboundCategoryNames.Name"/> spells it.</param>
/// <param name="Recipient">For a bounce, the failed recipient; otherwise null.</param>
/// <param name="Status">For a bounce, the enhanced status code (<c>5.1.1</c>) when the notice gives one.</param>
/// <param name="Reason">For a bounce, the remote server's diagnostic text when the notice gives one.</param>
/// <param name="ReturnDate">For an auto-reply, the day the sender says they are back (written <c>yyyy-MM-dd</c>).</param>
/// <param name="Evidence">The classifier's reasons, in the order it found them.</param>
internal sealed record ClassifiedFile(
    string File,
    string Category,
    string? Recipient,
    string? Status,
    string? Reason,
    DateOnly? ReturnDate,
    IReadOnlyList<string> Evidence)
{
    /// <summary>Every category in the order the summary line counts them.</summary>
    public static readonly IReadOnlyList<InboundCategory> Categories =
    [
        InboundCategory.HumanReply, InboundCategory.AutoReply, InboundCategory.BounceHard, InboundCategory.BounceSoft,
        InboundCategory.UnsubscribeRequest, InboundCategory.Other,
    ];

    public static ClassifiedFile From(string file, InboundClassification verdict) =>
        new(file, InboundCategoryNames.Name(verdict.Category), verdict.FailedRecipient, verdict.Status, verdict.Diagnostic, verdict.ReturnDate,
            verdict.Evidence);
}
