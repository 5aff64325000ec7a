namespace Nudge.Sandbox.Persistence;

/// <summary>A scripted recipient's answer not yet delivered, in the state file; <see cref="SentRaw"/> is base64.</summary>
internal sealed class PendingDeliveryDocument
{
    public DateTimeOffset DueAt { get; set; }

    public string Mailbox { get; set; } = "";

    public string Recipient { get; set; } = "";

    public string? RecipientName { get; set; }

    public string Behaviour { get; set; } = "";

    public int RuleIndex { get; set; }

    public string? Text { get; set; }

    public string? Subject { get; set; }

    public DateOnly? ReturnDate { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public string SentId { get; set; } = "";

    public string SentThreadId { get; set; } = "";

    public byte[] SentRaw { get; set; } = [];
}
