namespace Nudge.Core.Classification;

/// <summary>The verdict of <see cref="InboundClassifier"/> on one inbound message, with the facts it found.</summary>
/// <param name="Category">What the message is.</param>
/// <param name="Evidence">Short human-readable reasons for the verdict, in the order they were found, for logs and support.</param>
public sealed record InboundClassification(InboundCategory Category, IReadOnlyList<string> Evidence)
{
    /// <summary>For bounces: the address that failed, lowercased; the first of <see cref="FailedRecipients"/>.</summary>
    public string? FailedRecipient { get; init; }

    /// <summary>For bounces: every failed address the notice names, lowercased, in the order given.</summary>
    public IReadOnlyList<string> FailedRecipients { get; init; } = [];

    /// <summary>For bounces: the enhanced status code (RFC 3463), such as <c>5.1.1</c>, when the notice gives one.</summary>
    public string? Status { get; init; }

    /// <summary>For bounces: the remote server's diagnostic text, such as <c>550 5.1.1 User unknown</c>.</summary>
    public string? Diagnostic { get; init; }

    /// <summary>
    /// The Message-ID (without angle brackets) of the message this one answers or returns: taken from the returned
    /// message of a bounce, else from <c>In-Reply-To</c> or the last <c>References</c> entry.
    /// </summary>
    public string? OriginalMessageId { get; init; }

    /// <summary>For auto-replies: the day the person says they are back, when the notice states one.</summary>
    public DateOnly? ReturnDate { get; init; }

    /// <summary>Whether the message is a hard or soft bounce.</summary>
    public bool IsBounce => Category is InboundCategory.BounceHard or InboundCategory.BounceSoft;
}
