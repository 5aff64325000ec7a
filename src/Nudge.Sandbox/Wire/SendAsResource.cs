namespace Nudge.Sandbox.Wire;

/// <summary>Gmail's <c>SendAs</c> for the primary address, which carries no <c>verificationStatus</c>.</summary>
internal sealed class SendAsResource
{
    public string SendAsEmail { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string ReplyToAddress { get; set; } = "";

    public string Signature { get; set; } = "";

    public bool IsPrimary { get; set; }

    public bool IsDefault { get; set; }
}
