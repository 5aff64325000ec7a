namespace Nudge.Sandbox.Observability;

/// <summary>Messages one mailbox sent more than once: same recipients, subject and body text.</summary>
internal sealed class DuplicateSend
{
    public string Email { get; set; } = "";

    public string Subject { get; set; } = "";

    public List<string> Recipients { get; set; } = [];

    /// <summary>Gets or sets the Gmail ids of the copies, oldest first.</summary>
    public List<string> Ids { get; set; } = [];
}
